import BankCore
import Foundation
import SQLKit

/// A mail to write to the outbox, already composed (the same bytes go out on every attempt).
public struct NewOutboxMail: Sendable {
    public var messageID: String
    public var kind: String
    public var customerID: Int64?
    public var fromAddress: String
    public var recipients: [String]
    public var data: String
    /// Time-critical mail (a mail notification password) goes before the rest.
    public var urgent: Bool
    /// The body holds a secret: it is blanked once sent or expired.
    public var containsSecret: Bool
    public var expiresAt: Date?

    public init(messageID: String, kind: String, customerID: Int64?, fromAddress: String, recipients: [String], data: String,
                urgent: Bool = false, containsSecret: Bool = false, expiresAt: Date? = nil) {
        self.messageID = messageID; self.kind = kind; self.customerID = customerID; self.fromAddress = fromAddress
        self.recipients = recipients; self.data = data; self.urgent = urgent; self.containsSecret = containsSecret
        self.expiresAt = expiresAt
    }
}

public struct OutboxMail: Sendable, Equatable, Codable {
    public var id: Int64
    public var messageID: String
    public var kind: String
    public var customerID: Int64?
    public var fromAddress: String
    public var recipients: [String]
    public var data: String
    public var urgent: Bool
    public var containsSecret: Bool
    public var status: OutboxStatus
    public var attempts: Int
    public var nextAttemptAt: Date
    public var claimedUntil: Date?
    public var lastError: String?
    public var expiresAt: Date?
    public var createdAt: Date
    public var sentAt: Date?
}

/// The mail outbox (Store+Outbox).
public enum OutboxRecords {
    static let columns = """
        id, message_id, kind, customer_id, from_address, recipients, data, urgent, contains_secret, status, attempts,
        next_attempt_at, claimed_until, last_error, expires_at, created_at, sent_at
        """

    /// Writes the mail; call inside the transaction of the change that causes it.
    @discardableResult
    public static func enqueue(_ db: any SQLDatabase, _ mail: NewOutboxMail, at now: Date) async throws -> Int64 {
        let row = try await db.raw("\(enqueueStatement(mail, at: now)) RETURNING id").first()!
        return try row.decode(column: "id", as: Int64.self)
    }

    /// The mail's insert, written once: also a part of the statements that write it with the
    /// change that causes it on PostgreSQL (`TransferExecutionRecords`, `LoginNoticeRecords.record`),
    /// there only `when` a condition on the other parts' rows holds (`INSERT … SELECT`, whose
    /// parameters PostgreSQL types from the columns as it does `VALUES`').
    static func enqueueStatement(_ mail: NewOutboxMail, at now: Date, when condition: String? = nil) -> SQLQueryString {
        let row = SQLQueryString.insertedRow(insertedValues(mail, at: now), when: condition.map { "\(unsafeRaw: $0)" })
        return "INSERT INTO mail_outbox (\(unsafeRaw: insertedColumns)) \(row)"
    }

    static let insertedColumns = """
        message_id, kind, customer_id, from_address, recipients, data, urgent, contains_secret, status, next_attempt_at,
        expires_at, created_at
        """

    static func insertedValues(_ mail: NewOutboxMail, at now: Date) -> SQLQueryString {
        """
            \(bind: mail.messageID), \(bind: mail.kind), \(bind: mail.customerID), \(bind: mail.fromAddress),
            \(bind: mail.recipients.joined(separator: ",")), \(bind: mail.data), \(bind: mail.urgent ? 1 : 0),
            \(bind: mail.containsSecret ? 1 : 0), 'queued', \(bind: now.millis), \(bind: mail.expiresAt?.millis),
            \(bind: now.millis)
            """
    }

    /// Claims up to `limit` due mails for one worker until `leaseUntil`: queued ones whose
    /// time has come and claimed ones whose worker vanished. On PostgreSQL `SKIP LOCKED`
    /// lets several workers claim at once without ever claiming the same row.
    public static func claim(_ db: any SQLDatabase, engine: DatabaseEngine, limit: Int, now: Date,
                             leaseUntil: Date) async throws -> [OutboxMail] {
        let lock = engine == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        return try await db.raw("""
            UPDATE mail_outbox
               SET status = 'sending', attempts = attempts + 1, claimed_until = \(bind: leaseUntil.millis)
             WHERE id IN (
                SELECT id FROM mail_outbox
                 WHERE ((status = 'queued' AND next_attempt_at <= \(bind: now.millis))
                        OR (status = 'sending' AND claimed_until <= \(bind: now.millis)))
                   AND NOT (contains_secret = 1 AND expires_at IS NOT NULL AND expires_at <= \(bind: now.millis))
                 ORDER BY urgent DESC, id
                 LIMIT \(bind: limit)
                 \(unsafeRaw: lock))
            RETURNING \(unsafeRaw: columns)
            """).all().map(decode).sorted { ($0.urgent ? 0 : 1, $0.id) < ($1.urgent ? 0 : 1, $1.id) }
    }

    /// The claim that `attempt` made is still the current one (fencing: a worker whose claim
    /// was taken over never overwrites the new owner's result).
    static func ownedBy(_ id: Int64, attempt: Int) -> SQLQueryString {
        "id = \(bind: id) AND status = 'sending' AND attempts = \(bind: attempt)"
    }

    /// Records a delivery; a secret body is blanked at once. False when the claim was lost.
    public static func markSent(_ db: any SQLDatabase, id: Int64, attempt: Int, at now: Date) async throws -> Bool {
        try await db.raw("""
            UPDATE mail_outbox
               SET status = 'sent', sent_at = \(bind: now.millis), claimed_until = NULL, last_error = NULL,
                   data = CASE WHEN contains_secret = 1 THEN '' ELSE data END
             WHERE \(ownedBy(id, attempt: attempt))
            RETURNING id
            """).first() != nil
    }

    /// Records a failed attempt: due again at `retryAt`, or failed for good when `retryAt` is
    /// nil. False when the claim was lost.
    public static func markFailed(_ db: any SQLDatabase, id: Int64, attempt: Int, error: String, retryAt: Date?) async throws -> Bool {
        if let retryAt {
            return try await db.raw("""
                UPDATE mail_outbox SET status = 'queued', next_attempt_at = \(bind: retryAt.millis), claimed_until = NULL,
                       last_error = \(bind: String(error.prefix(500)))
                 WHERE \(ownedBy(id, attempt: attempt))
                RETURNING id
                """).first() != nil
        }
        return try await db.raw("""
            UPDATE mail_outbox SET status = 'failed', claimed_until = NULL, last_error = \(bind: String(error.prefix(500))),
                   data = CASE WHEN contains_secret = 1 THEN '' ELSE data END
             WHERE \(ownedBy(id, attempt: attempt))
            RETURNING id
            """).first() != nil
    }

    /// Extends a claim that is still held (the worker is alive and sending).
    public static func renewClaim(_ db: any SQLDatabase, id: Int64, attempt: Int, until: Date) async throws {
        try await db.raw("""
            UPDATE mail_outbox SET claimed_until = \(bind: until.millis) WHERE \(ownedBy(id, attempt: attempt))
            """).run()
    }

    /// Secret mails past their expiry are never sent: blank them. Returns the rows expired.
    public static func expireSecrets(_ db: any SQLDatabase, now: Date) async throws -> [OutboxMail] {
        try await db.raw("""
            UPDATE mail_outbox SET status = 'expired', data = '', claimed_until = NULL
             WHERE \(secretsExpired(at: now))
            RETURNING \(unsafeRaw: columns)
            """).all().map(decode)
    }

    /// Whether `expireSecrets` would find anything: a read, so that the worker's pass, which
    /// almost always finds nothing to expire, needs no transaction for it.
    public static func hasExpiredSecrets(_ db: any SQLDatabase, now: Date) async throws -> Bool {
        try await db.raw("SELECT 1 AS found FROM mail_outbox WHERE \(secretsExpired(at: now)) LIMIT 1").first() != nil
    }

    /// A secret mail past its expiry that no live worker holds.
    private static func secretsExpired(at now: Date) -> SQLQueryString {
        """
        contains_secret = 1 AND expires_at <= \(bind: now.millis)
           AND (status = 'queued' OR (status = 'sending' AND claimed_until <= \(bind: now.millis)))
        """
    }

    /// Puts a failed (or queued) mail back for an immediate attempt. Returns false when
    /// there is no such mail or it was already sent or expired.
    public static func retry(_ db: any SQLDatabase, id: Int64, now: Date) async throws -> Bool {
        try await db.raw("""
            UPDATE mail_outbox SET status = 'queued', next_attempt_at = \(bind: now.millis), attempts = 0, claimed_until = NULL
             WHERE id = \(bind: id) AND status IN ('failed', 'queued')
               AND NOT (contains_secret = 1 AND data = '')
            RETURNING id
            """).first() != nil
    }

    /// Every failed mail that can still be sent, queued again (after a relay outage or a
    /// configuration fix). Returns their ids.
    public static func retryAllFailed(_ db: any SQLDatabase, now: Date) async throws -> [Int64] {
        try await db.raw("""
            UPDATE mail_outbox SET status = 'queued', next_attempt_at = \(bind: now.millis), attempts = 0, claimed_until = NULL
             WHERE status = 'failed' AND NOT (contains_secret = 1 AND data = '')
            RETURNING id
            """).all().map { try $0.decode(column: "id", as: Int64.self) }.sorted()
    }

    public static func find(_ db: any SQLDatabase, id: Int64) async throws -> OutboxMail? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM mail_outbox WHERE id = \(bind: id)").first().map(decode)
    }

    public static func list(_ db: any SQLDatabase, status: OutboxStatus? = nil, limit: Int = 100) async throws -> [OutboxMail] {
        var query = SQLQueryString("SELECT \(unsafeRaw: columns) FROM mail_outbox")
        if let status { query += " WHERE status = \(bind: status.rawValue)" }
        query += " ORDER BY id DESC LIMIT \(bind: limit)"
        return try await db.raw(query).all().map(decode)
    }

    /// When the next queued mail falls due (for the worker's sleep).
    public static func nextDue(_ db: any SQLDatabase) async throws -> Date? {
        let row = try await db.raw("""
            SELECT MIN(CASE WHEN status = 'queued' THEN next_attempt_at ELSE claimed_until END) AS due
            FROM mail_outbox WHERE status IN ('queued', 'sending')
            """).first()
        return try row?.decode(column: "due", as: Int64?.self).map(Date.init(millis:))
    }

    static func decode(_ row: any SQLRow) throws -> OutboxMail {
        OutboxMail(
            id: try row.decode(column: "id", as: Int64.self),
            messageID: try row.decode(column: "message_id", as: String.self),
            kind: try row.decode(column: "kind", as: String.self),
            customerID: try row.decode(column: "customer_id", as: Int64?.self),
            fromAddress: try row.decode(column: "from_address", as: String.self),
            recipients: try row.decode(column: "recipients", as: String.self).split(separator: ",").map(String.init),
            data: try row.decode(column: "data", as: String.self),
            urgent: try row.decode(column: "urgent", as: Int.self) != 0,
            containsSecret: try row.decode(column: "contains_secret", as: Int.self) != 0,
            status: OutboxStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .queued,
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: Date(millis: try row.decode(column: "next_attempt_at", as: Int64.self)),
            claimedUntil: try row.decode(column: "claimed_until", as: Int64?.self).map(Date.init(millis:)),
            lastError: try row.decode(column: "last_error", as: String?.self),
            expiresAt: try row.decode(column: "expires_at", as: Int64?.self).map(Date.init(millis:)),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            sentAt: try row.decode(column: "sent_at", as: Int64?.self).map(Date.init(millis:)))
    }
}
