import BankCore
import BankText
import Foundation

/// A subject and a plain-text body.
public struct MailTemplate: Sendable, Equatable {
    public var subject: String
    public var body: String
}

/// The languages mail is written in: the site's. The bank does not yet know each customer's
/// choice, so a mail carries both, Japanese first (as Japanese banks' bilingual notices do).
public typealias MailLanguage = Language

/// Every mail the bank sends. The words are in the catalog (`mail.*` keys, BankText); these
/// functions pick the texts and fill in the values.
public enum MailTemplates {
    /// The mail to send: the given languages' texts one after the other, under the first
    /// language's subject followed by the others' in brackets.
    public static func compose(_ languages: [MailLanguage] = MailLanguage.allCases,
                               _ text: (MailLanguage) -> MailTemplate) -> MailTemplate {
        let parts = languages.map(text)
        let subject = parts.dropFirst().reduce(parts[0].subject) { $0 + " (\($1.subject))" }
        let body = parts.map(\.body).joined(separator: "\n\n")
        return MailTemplate(subject: subject, body: body)
    }

    /// The mail `mail.<name>.subject` / `mail.<name>.body` in `language`.
    static func catalogMail(_ name: String, _ language: Language, bankName: String, at date: Date? = nil,
                            _ values: [String: String] = [:]) -> MailTemplate {
        mail(subjectKey: "mail.\(name).subject", bodyKey: "mail.\(name).body", language, bankName: bankName, at: date, values)
    }

    /// A mail from two catalog texts, with the bank's name, the signature and the time
    /// (`{bank_name}`, `{signature}`, `{time}`) among the values.
    static func mail(subjectKey: String, bodyKey: String, _ language: Language, bankName: String, at date: Date? = nil,
                     _ values: [String: String] = [:]) -> MailTemplate {
        var all = values
        all["bank_name"] = bankName
        all["signature"] = language.text("mail.signature", with: ["bank_name": bankName])
        if let date { all["time"] = time(date, language) }
        return MailTemplate(subject: language.text(subjectKey, with: all), body: language.text(bodyKey, with: all))
    }

    /// A time as each language's readers write it: 2026年4月1日 9時30分 in Japanese, ISO in
    /// English (whose texts add "(JST)").
    static func time(_ date: Date, _ language: Language) -> String {
        language == .ja ? JapanTime.japaneseDateTime(date) : JapanTime.isoDateTime(date)
    }

    /// An account's kind as mails name it (普通 / ordinary).
    static func accountType(_ type: AccountType, _ language: Language) -> String {
        language.text("mail.account_type.\(type.rawValue)")
    }

    /// The Japanese kind of an account (普通), as a statement line names the source account.
    static func typeJa(_ type: AccountType) -> String { accountType(type, .ja) }

    /// `{dest_…}` values of an account a mail names: the bank and branch by name in Japanese,
    /// by code in English; the number masked.
    static func destination(bankCode: String, bankName: String, branchCode: String, branchName: String, type: AccountType,
                            accountNumber: String, holderName: String, _ language: Language) -> [String: String] {
        ["dest_bank": bankName, "dest_branch": branchName, "dest_bank_code": bankCode, "dest_branch_code": branchCode,
         "dest_type": accountType(type, language), "dest_account": maskedAccountNumber(accountNumber), "dest_holder": holderName]
    }

    /// `kyoei admin mail test`: checks the bank's mail settings.
    public static func test(bankName: String, at date: Date, language: MailLanguage) -> MailTemplate {
        catalogMail("test", language, bankName: bankName, at: date)
    }
}
