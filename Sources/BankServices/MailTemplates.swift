import BankCore
import Foundation

/// A subject and a plain-text body.
public struct MailTemplate: Sendable, Equatable {
    public var subject: String
    public var body: String
}

/// Every mail the bank sends, Japanese first with the English text below it (one mail
/// serves customers of either language, as Japanese banks' notices do).
public enum MailTemplates {
    static func signature(_ bankName: String) -> String {
        """
        ──────────────────────────────
        \(bankName) 事務管理部 インターネットバンキング担当
        電話 0256-61-1506（直通）
        このメールは送信専用です。ご返信いただいてもお答えできません。
        This is an automated message; replies are not read.
        """
    }

    static func timestamp(_ date: Date) -> String { JapanTime.japaneseDateTime(date) }

    public static func test(bankName: String, at date: Date) -> MailTemplate {
        MailTemplate(
            subject: "【きょうえい】テストメール (test message)",
            body: """
            このメールは\(bankName)のメール送信設定を確認するためのテストメールです。
            送信日時: \(timestamp(date))

            This is a test message from \(bankName) to check the bank's mail settings.

            \(signature(bankName))
            """)
    }
}
