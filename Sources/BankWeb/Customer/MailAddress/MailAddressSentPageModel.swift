/// 確認メール送信: the link went to the new address; nothing is changed until it is confirmed.
struct MailAddressSentPageModel {
    let sentMessage: String
    let expiryText: String
    let noticeText: String
}
