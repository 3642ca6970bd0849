/// メールアドレス変更: the registered addresses, where the メール通知パスワード goes, a change
/// waiting for its link, and the form (which address, the new one twice, the 確認用パスワード,
/// and the one-time password while it is active).
struct MailAddressPageModel {
    let pcAddress: String
    /// Nil: no mobile address registered.
    let mobileAddress: String?
    let mailPasswordNote: String
    let pendingText: String?
    let kinds: [RadioOption]
    let newAddressValue: String
    let needsCode: Bool
    let showForm: Bool
    /// Messages by form field name (`kind`, `new_address`, `new_address_again`,
    /// `confirmation_password`, `otp_code`).
    let fieldErrors: [String: String]
    let action = CustomerRoute.mailAddress.path
}
