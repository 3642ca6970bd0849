import BankCore
import BankText
import Foundation

/// The notice that a credential was locked by wrong entries, to the registered PC address:
/// a customer who did not type them learns at once that someone is trying.
extension MailTemplates {
    public static func lockNotice(_ credential: Credential, bankName: String, at date: Date,
                                  language: MailLanguage) -> MailTemplate {
        catalogMail("lock", language, bankName: bankName, at: date, [
            "credential": language.text("mail.lock.credential.\(credential.rawValue)"),
            "effect": language.text("mail.lock.effect.\(credential.rawValue)"),
        ])
    }
}
