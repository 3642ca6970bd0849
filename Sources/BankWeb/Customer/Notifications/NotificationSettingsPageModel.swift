/// 通知設定: whether a ログインのお知らせ follows every login, the address it goes to, and the
/// rule that a new browser is notified whatever the choice.
struct NotificationSettingsPageModel {
    let stateText: String
    /// 「2026年12月1日 9時30分に変更」; nil while the default was never changed.
    let changedText: String?
    let addressText: String
    let onChecked: Bool
    let offChecked: Bool
    /// False once the 確認用パスワード is locked: the form would only be refused.
    let showForm: Bool
    /// Messages by form field name (`login_notice`, `confirmation_password`).
    let fieldErrors: [String: String]
    let action: String
}
