/// ワンタイムパスワード申請登録画面: the current state and which buttons apply to it.
struct OTPMenuPageModel {
    var stateText = ""
    var lockedText: String?
    var canIssue = false
    var canActivate = false
    var canDeactivate = false
    /// 利用解除 of a token issued but not yet in use (the same screen, other words).
    var canWithdraw = false
}
