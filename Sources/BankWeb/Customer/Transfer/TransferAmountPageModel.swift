/// 金額入力: the 支払口座, the destination as the bank knows it, the amount typed, and the
/// destination carried on to the 確認画面 (`to`, and a typed one's fields hidden).
struct TransferAmountPageModel {
    struct HiddenField {
        let name: String
        let value: String
    }

    let source: AccountRow
    let destination: DestinationRow
    let to: String
    let hiddenFields: [HiddenField]?
    /// Where a メール通知パスワード was just sent.
    let mailSent: String?
    let amountValue: String
    /// 振込指定日: 本日 (checked unless a date was chosen), the date typed, and its bounds.
    let schedule: ScheduleField
    let action = CustomerRoute.transferConfirm.path
    /// The first step again, with this 支払口座 chosen.
    let restartPath: String
}
