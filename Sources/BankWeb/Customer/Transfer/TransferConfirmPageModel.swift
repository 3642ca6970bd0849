/// 振込・振替内容確認: what will happen, and the 実行 form with the passwords it needs (or the
/// offer to send the メール通知パスワード first).
struct TransferConfirmPageModel {
    let nonce: String
    let sourceLabel: String
    let destination: DestinationRow
    /// 振替 or 振込 and its route (即時, 他行宛…).
    let routeLabel: String
    let route: String
    let amount: String
    let fee: String
    let total: String
    let limitApplies: Bool
    let remainingLimit: String
    let dailyLimit: String
    let needsMailPassword: Bool
    let mailPasswordMissing: Bool
    let offerResend: Bool
    let showExecute: Bool
    let settlesLater: Bool
    /// 予約振込: the 振込指定日 (formatted); nil for a transfer made at once.
    let scheduledFor: String?
    let executeAction = CustomerRoute.transferExecute.path
    let resendAction = CustomerRoute.transferMailPassword.path
    let restartPath = CustomerRoute.transfer.path
}
