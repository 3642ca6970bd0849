/// The result screen of メール通知パスワード利用変更.
struct MailPasswordDonePageModel {
    let resultMessage: String
    let resultDetail: String
}
