import BankCore
import BankText
import Foundation

extension MailTemplates {
    /// 登録メールアドレス変更のお知らせ: sent to the new address and to the old one (which sees
    /// the new address masked). Says whether the メール通知パスワード moved with it.
    public static func mailAddressChanged(kind: MailAddressKind, bankName: String, newAddress: String,
                                          mailPasswordMoved: Bool, toOldAddress: Bool, online: Bool = false, at date: Date,
                                          language: MailLanguage) -> MailTemplate {
        let values = ["kind": language.text(kind == .pc ? "mail.address_changed.kind.pc" : "mail.address_changed.kind.mobile"),
                      "address": newAddress]
        // The counter's change was the customer's written application; the online one their own
        // request on the site, confirmed from the new mailbox.
        let key = switch (online, toOldAddress) {
        case (false, false): "mail.address_changed.to_new_address"
        case (false, true): "mail.address_changed.to_old_address"
        case (true, false): "mail.address_changed.online.to_new_address"
        case (true, true): "mail.address_changed.online.to_old_address"
        }
        let lead = language.text(key, with: values)
        let moved = mailPasswordMoved ? "\n" + language.text("mail.address_changed.mail_password_moved") + "\n" : ""
        return mail(subjectKey: "mail.address_changed.subject", bodyKey: "mail.notice.body", language, bankName: bankName,
                    at: date, ["notice": lead + "\n" + moved])
    }

    /// `ta****@example.jp`: the first two characters of the local part, then stars; the
    /// domain in full, so the customer can recognise their own provider.
    public static func maskedAddress(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@") else { return "****" }
        let local = address[..<at]
        return String(local.prefix(min(2, max(local.count - 1, 1)))) + "****" + address[at...]
    }
}
