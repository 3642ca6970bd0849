import BankCore
import BankText
import Foundation

extension MailTemplates {
    /// メールアドレス変更の確認: to the NEW address, with the link that makes the change. It names
    /// what changes and until when the link works, and asks whoever did not ask to ignore it.
    public static func mailAddressConfirm(kind: MailAddressKind, bankName: String, newAddress: String, link: String,
                                          expiresAt: Date, at date: Date, language: MailLanguage) -> MailTemplate {
        catalogMail("address_confirm", language, bankName: bankName, at: date,
                    ["kind": kindName(kind, language), "address": newAddress, "link": link,
                     "expires": time(expiresAt, language)])
    }

    /// メールアドレス変更受付のお知らせ: to the OLD address (or the PC address), the new one masked:
    /// if this mailbox is the customer's and the request was not, they call before the link is used.
    public static func mailAddressRequested(kind: MailAddressKind, bankName: String, maskedNewAddress: String,
                                            expiresAt: Date, at date: Date, language: MailLanguage) -> MailTemplate {
        catalogMail("address_requested", language, bankName: bankName, at: date,
                    ["kind": kindName(kind, language), "address": maskedNewAddress, "expires": time(expiresAt, language)])
    }

    static func kindName(_ kind: MailAddressKind, _ language: MailLanguage) -> String {
        language.text(kind == .pc ? "mail.address_changed.kind.pc" : "mail.address_changed.kind.mobile")
    }
}
