/// メールアドレス変更の確認 (the link's page): what confirming changes, and 変更を確定する.
struct MailAddressConfirmPageModel {
    let kindName: String
    let newAddress: String
    let expiresAt: String
    /// The メール通知パスワード follows to the new address (said before, not only after).
    let mailPasswordNote: String?
    let token: String
    let action = CustomerRoute.mailAddressConfirm.path
}

/// メールアドレス変更完了: the change made, and whether the メール通知パスワード moved.
struct MailAddressConfirmedPageModel {
    let resultMessage: String
    let mailPasswordNote: String?
    let signedIn: Bool
}

/// The one refusal page of the link: why it does nothing, and what to do.
struct MailAddressLinkRefusedPageModel {
    let refusalMessage: String
    /// What to do now: nothing for a used link (the change was made), else ask again.
    let helpText: String
    let signedIn: Bool
}
