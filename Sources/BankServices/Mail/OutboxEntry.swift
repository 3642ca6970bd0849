import BankCore
import BankStore
import Foundation

/// One mail of the outbox as the back office sees it: who it goes to, its subject, and how
/// delivery is going. Never its body: a secret mail (a mail notification password) carries
/// the password there, so the body does not even leave the service.
public struct OutboxEntry: Sendable, Equatable {
    public var id: Int64
    /// The Message-ID, as the audit trail and the mail log name the mail.
    public var messageID: String
    public var kind: String
    public var customerID: Int64?
    public var recipients: [String]
    /// The decoded Subject; nil once a secret mail's message was blanked (sent, failed or expired).
    public var subject: String?
    public var urgent: Bool
    public var containsSecret: Bool
    public var status: OutboxStatus
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var expiresAt: Date?
    public var createdAt: Date
    public var sentAt: Date?
    /// The message was blanked (a secret mail once sent, failed or expired): it can never be
    /// sent again; the customer asks for a new password instead.
    public var isErased: Bool

    public init(_ mail: OutboxMail) {
        id = mail.id; messageID = mail.messageID; kind = mail.kind; customerID = mail.customerID; recipients = mail.recipients
        subject = Self.subject(ofMessage: mail.data); urgent = mail.urgent; containsSecret = mail.containsSecret
        status = mail.status; attempts = mail.attempts; nextAttemptAt = mail.nextAttemptAt; lastError = mail.lastError
        expiresAt = mail.expiresAt; createdAt = mail.createdAt; sentAt = mail.sentAt; isErased = mail.data.isEmpty
    }

    /// Only a failed mail is put back in the queue by hand, and only while it still has its message.
    public var canRetry: Bool { status == .failed && !isErased }

    /// The Subject of a message as MailComposer writes it (folded, UTF-8 B encoded-words, or
    /// plain ASCII), read from the header alone. Nil for an empty (blanked) message.
    static func subject(ofMessage data: String) -> String? {
        guard !data.isEmpty else { return nil }
        let header = data.components(separatedBy: "\r\n\r\n").first ?? ""
        let unfolded = header.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: " ")
        guard let line = unfolded.components(separatedBy: "\r\n").first(where: { $0.lowercased().hasPrefix("subject:") }) else {
            return nil
        }
        let tokens = line.dropFirst("subject:".count).split(separator: " ")
        var text = ""
        var previousWasEncoded = false
        for token in tokens {
            let decoded = decodeEncodedWord(token)
            // RFC 2047 §6.2: the space between two adjacent encoded-words is not part of the text.
            if !text.isEmpty && !(previousWasEncoded && decoded != nil) { text += " " }
            text += decoded ?? String(token)
            previousWasEncoded = decoded != nil
        }
        return text
    }

    /// `=?UTF-8?B?…?=`, the only encoded-word MailComposer writes; nil for anything else.
    static func decodeEncodedWord(_ token: Substring) -> String? {
        guard token.hasPrefix("=?"), token.hasSuffix("?="), token.count > 4 else { return nil }
        let parts = token.dropFirst(2).dropLast(2).split(separator: "?", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].uppercased() == "UTF-8", parts[1].uppercased() == "B",
              let data = Data(base64Encoded: String(parts[2])) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

