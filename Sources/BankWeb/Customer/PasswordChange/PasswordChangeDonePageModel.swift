/// The result screen of ログインパスワード変更 / 確認用パスワード変更.
struct PasswordChangeDonePageModel {
    let resultMessage: String
}
