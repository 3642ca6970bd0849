/// 振込・振替結果: the transfer by its 受付番号, as it now stands.
struct TransferDonePageModel {
    let receptionNumber: String
    let status: String
    let resultMessage: String
    let acceptedAt: String
    /// Nil when the 支払口座 can no longer be read.
    let sourceLabel: String?
    let destination: DestinationRow
    let amount: String
    let fee: String
    let total: String
    /// 予約振込: the 振込指定日 (formatted), and the 取消 form while it may still be cancelled.
    let scheduledFor: String?
    let cancel: ScheduledCancelForm?
}
