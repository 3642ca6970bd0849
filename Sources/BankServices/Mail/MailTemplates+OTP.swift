import BankCore
import BankText
import Foundation

/// The one-time password mails.
extension MailTemplates {
    /// After トークン発行, to the mobile address: where to get the app and what to type into
    /// its 初期設定画面. Never the 利用開始パスワード (the customer chose it) nor the secret.
    public static func tokenIssued(bankName: String, downloadURL: String, serviceID: String, userID: String,
                                   setupBy: Date, language: MailLanguage) -> MailTemplate {
        catalogMail("token_issued", language, bankName: bankName, [
            "download_url": downloadURL, "service_id": serviceID, "user_id": userID, "setup_by": time(setupBy, language),
        ])
    }

    /// After トークン発行 for the customer's own authenticator app, to the mobile address: the
    /// token was issued and is set up from the screen (its QR code), to be finished with 利用開始.
    /// No link and no secret: the secret was shown once on the screen, never mailed.
    public static func tokenIssuedForAuthenticator(bankName: String, userID: String, language: MailLanguage) -> MailTemplate {
        catalogMail("token_issued_authenticator", language, bankName: bankName, ["user_id": userID])
    }

    /// The extra-factor notices to the registered address: what changed, when, and whom to
    /// call if it was not the customer.
    public static func otpNotice(_ notice: OTPNotice, bankName: String, at date: Date, language: MailLanguage) -> MailTemplate {
        mail(subjectKey: "mail.otp_notice.\(notice.catalogName).subject", bodyKey: "mail.notice.body", language,
             bankName: bankName, at: date, ["notice": language.text("mail.otp_notice.\(notice.catalogName).text")])
    }
}

public enum OTPNotice: String, Sendable, CaseIterable {
    case activated, deactivated, withdrawn, reset, tokenVoid, locked

    /// The notice's name in catalog keys (snake_case, as every key segment is).
    var catalogName: String {
        self == .tokenVoid ? "token_void" : rawValue
    }
}
