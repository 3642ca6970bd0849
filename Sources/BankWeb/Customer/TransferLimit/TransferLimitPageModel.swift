/// 振込限度額変更: the limit in force and today's remaining, the ceiling for this customer and
/// why, a raise still waiting (with 取消), and the form.
struct TransferLimitPageModel {
    /// A raise waiting out the cooling-off.
    struct Pending {
        let raiseID: String
        let amount: String
        let requestedAt: String
        let effectiveAt: String
        let cancelAction: String
    }

    let limit: String
    /// お客様設定 / 当組合所定 / 引上げ適用中（…から）.
    let limitSource: String
    let remainingToday: String
    let ceiling: String
    /// Why this ceiling: with the OTP or the mail password, or with neither.
    let ceilingReason: String
    /// Neither extra factor: links to where the customer starts one.
    let suggestFactor: Bool
    let pending: LocalOptional<Pending>
    /// 「引上げは YYYY年M月D日 00:00 から適用されます」 for a raise asked for now.
    let raiseTiming: String
    let amountValue: String
    /// False once the 確認用パスワード is locked: the form would only be refused.
    let showForm: Bool
    /// Messages by form field name (`amount`, `confirmation_password`, `raise`).
    let fieldErrors: [String: String]
    let action = CustomerRoute.transferLimit.path
}

/// The result screen: what was done, and the limit as it now stands.
struct TransferLimitDonePageModel {
    let resultMessage: String
    let limit: String
    let pending: LocalOptional<TransferLimitPageModel.Pending>
    let settingsPath = CustomerRoute.transferLimit.path
}
