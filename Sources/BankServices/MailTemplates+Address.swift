import BankCore
import Foundation

extension MailTemplates {
    /// 登録メールアドレス変更のお知らせ: sent to the new address and to the old one (which sees
    /// the new address masked). Says whether the メール通知パスワード moved with it.
    public static func mailAddressChanged(kind: MailAddressKind, bankName: String, newAddress: String,
                                          mailPasswordMoved: Bool, toOldAddress: Bool, at date: Date,
                                          language: MailLanguage) -> MailTemplate {
        switch language {
        case .ja:
            let name = kind == .pc ? "PCメールアドレス" : "携帯メールアドレス"
            let lead = toOldAddress
                ? "お客様のお届けにより、ご登録の\(name)をこのアドレスから新しいアドレス（\(newAddress)）に変更しました。今後、このアドレスにはお知らせをお送りしません。"
                : "お客様のお届けにより、ご登録の\(name)をこのアドレス（\(newAddress)）に変更しました。"
            let moved = mailPasswordMoved
                ? "\nメール通知パスワードの送信先も新しいアドレスに変更しました。これまでにお送りした未使用のメール通知パスワードは無効になりました。\n"
                : ""
            return MailTemplate(subject: "【きょうえい】登録メールアドレス変更のお知らせ", body: """
                \(lead)
                \(moved)
                日時: \(JapanTime.japaneseDateTime(date))

                お心当たりのない場合は、至急下記までご連絡ください。

                \(signature(bankName, .ja))
                """)
        case .en:
            let name = kind == .pc ? "PC mail address" : "mobile mail address"
            let lead = toOldAddress
                ? "As you requested, your registered \(name) has been changed from this address to a new one (\(newAddress)). No further notices will be sent here."
                : "As you requested, your registered \(name) has been changed to this address (\(newAddress))."
            let moved = mailPasswordMoved
                ? "\nThe e-mail notification password now goes to the new address as well; any such password sent earlier and not yet used is void.\n"
                : ""
            return MailTemplate(subject: "registered mail address changed", body: """
                \(lead)
                \(moved)
                Time: \(JapanTime.isoDateTime(date)) (JST)

                If this was not you, contact us at once.

                \(signature(bankName, .en))
                """)
        }
    }

    /// `ta****@example.jp`: the first two characters of the local part, then stars; the
    /// domain in full, so the customer can recognise their own provider.
    public static func maskedAddress(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@") else { return "****" }
        let local = address[..<at]
        return String(local.prefix(min(2, max(local.count - 1, 1)))) + "****" + address[at...]
    }
}
