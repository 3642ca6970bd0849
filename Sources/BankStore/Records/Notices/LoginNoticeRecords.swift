import BankCore
import Foundation
import SQLKit

public struct LoginNoticeRecord: Sendable, Equatable {
    public var id: Int64
    public var customerID: Int64
    public var sessionHash: String
    public var loggedInAt: Date
    public var ip: String
    public var userAgent: String
    public var newBrowser: Bool
    public var outcome: LoginNoticeOutcome
    /// The address the notice went to, as it was then (sent only).
    public var recipient: String?
    public var messageID: String?
}

/// One row per full login (`login_notices`).
public enum LoginNoticeRecords {
    static let columns = "id, customer_id, session_hash, logged_in_at, ip, user_agent, new_browser, outcome, recipient, message_id"

    public static func insert(_ db: any SQLDatabase, customerID: Int64, sessionHash: String, at now: Date, ip: String,
                              userAgent: String, newBrowser: Bool, outcome: LoginNoticeOutcome, recipient: String?,
                              messageID: String?) async throws {
        try await db.raw(insertStatement(customerID: customerID, sessionHash: sessionHash, at: now, ip: ip, userAgent: userAgent,
                                         newBrowser: newBrowser, outcome: outcome, recipient: recipient, messageID: messageID)).run()
    }

    /// The insert, also the last part of `record`'s one statement on PostgreSQL.
    static func insertStatement(customerID: Int64, sessionHash: String, at now: Date, ip: String, userAgent: String,
                                newBrowser: Bool, outcome: LoginNoticeOutcome, recipient: String?,
                                messageID: String?) -> SQLQueryString {
        """
        INSERT INTO login_notices (customer_id, session_hash, logged_in_at, ip, user_agent, new_browser, outcome,
                                   recipient, message_id)
        VALUES (\(bind: customerID), \(bind: sessionHash), \(bind: now.millis), \(bind: ip), \(bind: userAgent),
                \(bind: newBrowser ? 1 : 0), \(bind: outcome.rawValue), \(bind: recipient), \(bind: messageID))
        """
    }

    /// The notice of the login that opened the session with this token hash.
    public static func find(_ db: any SQLDatabase, sessionHash: String) async throws -> LoginNoticeRecord? {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM login_notices WHERE session_hash = \(bind: sessionHash)
            ORDER BY id DESC LIMIT 1
            """).first().map(decode)
    }

    /// The notice of the login whose session confirmed the transfer with this nonce (its
    /// 確認画面 keeps the session's hash, `transfer_confirmations`).
    public static func find(_ db: any SQLDatabase, transferNonce nonce: String) async throws -> LoginNoticeRecord? {
        try await db.raw("""
            SELECT \(unsafeRaw: columns.split(separator: ",").map { "n." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
              FROM login_notices n JOIN transfer_confirmations c ON c.session_hash = n.session_hash
             WHERE c.nonce = \(bind: nonce)
             ORDER BY n.id DESC LIMIT 1
            """).first().map(decode)
    }

    /// Where the notice's mail stands in the outbox (status and when it went out).
    public static func delivery(_ db: any SQLDatabase, messageID: String) async throws -> (OutboxStatus, Date?)? {
        guard let row = try await db.raw("""
            SELECT status, sent_at FROM mail_outbox WHERE message_id = \(bind: messageID)
            """).first() else { return nil }
        return (OutboxStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .queued,
                try row.decode(column: "sent_at", as: Int64?.self).map(Date.init(millis:)))
    }

    /// The customer's notices, newest first.
    public static func list(_ db: any SQLDatabase, customerID: Int64, limit: Int) async throws -> [LoginNoticeRecord] {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM login_notices WHERE customer_id = \(bind: customerID)
            ORDER BY logged_in_at DESC, id DESC LIMIT \(bind: limit)
            """).all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> LoginNoticeRecord {
        LoginNoticeRecord(
            id: try row.decode(column: "id", as: Int64.self),
            customerID: try row.decode(column: "customer_id", as: Int64.self),
            sessionHash: try row.decode(column: "session_hash", as: String.self),
            loggedInAt: Date(millis: try row.decode(column: "logged_in_at", as: Int64.self)),
            ip: try row.decode(column: "ip", as: String.self),
            userAgent: try row.decode(column: "user_agent", as: String.self),
            newBrowser: try row.decode(column: "new_browser", as: Int.self) != 0,
            outcome: LoginNoticeOutcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .sent,
            recipient: try row.decode(column: "recipient", as: String?.self),
            messageID: try row.decode(column: "message_id", as: String?.self))
    }
}
