/// ログインパスワード変更 / 確認用パスワード変更: the current password and the new one twice,
/// with the written policy.
struct PasswordChangePageModel {
    let help: String
    let currentLabel: String
    let newLabel: String
    let newAgainLabel: String
    /// False once the password is locked: the form would only be refused.
    let showForm: Bool
    /// Messages by form field name (`current_password`, `new_password`, `new_password_again`).
    let fieldErrors: [String: String]
    let action: String
}
