import BankCore
import Foundation

/// A subject and a plain-text body.
public struct MailTemplate: Sendable, Equatable {
    public var subject: String
    public var body: String
}

/// The languages mail is written in. The bank does not yet know each customer's choice,
/// so a mail carries both, Japanese first (as Japanese banks' bilingual notices do).
public enum MailLanguage: String, Sendable, CaseIterable {
    case ja, en
}

/// Every mail the bank sends, one text per language, all in this file.
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

    static func signature(_ bankName: String, _ language: MailLanguage) -> String {
        switch language {
        case .ja:
            """
            ──────────────────────────────
            \(bankName) 事務管理部 インターネットバンキング担当
            電話 0256-61-1506（直通）
            このメールは送信専用です。ご返信いただいてもお答えできません。
            """
        case .en:
            """
            ──────────────────────────────
            \(bankName), Internet Banking desk, +81-256-61-1506
            This is an automated message; replies are not read.
            """
        }
    }

    /// `kyoei admin mail test`: checks the bank's mail settings.
    public static func test(bankName: String, at date: Date, language: MailLanguage) -> MailTemplate {
        switch language {
        case .ja:
            MailTemplate(
                subject: "【きょうえい】テストメール",
                body: """
                このメールは\(bankName)のメール送信設定を確認するためのテストメールです。
                送信日時: \(JapanTime.japaneseDateTime(date))

                \(signature(bankName, .ja))
                """)
        case .en:
            MailTemplate(
                subject: "test message",
                body: """
                This is a test message from \(bankName) to check the bank's mail settings.
                Sent: \(JapanTime.isoDateTime(date)) (JST)

                \(signature(bankName, .en))
                """)
        }
    }
}
