import BankCore
import Foundation
import SQLKit

public struct MailPasswordRecord: Sendable, Equatable {
    public var customerID: Int64
    /// SHA-256 of the session cookie it was issued in: valid in that session only.
    public var sessionHash: String
    /// The destination it was issued for (PayeeRecord.destinationKey form).
    public var destinationKey: String
    /// Keyed hash, never the password.
    public var passwordHash: String
    public var issuedAt: Date
    public var spentAt: Date?

    public init(customerID: Int64, sessionHash: String, destinationKey: String, passwordHash: String, issuedAt: Date,
                spentAt: Date?) {
        self.customerID = customerID; self.sessionHash = sessionHash; self.destinationKey = destinationKey
        self.passwordHash = passwordHash; self.issuedAt = issuedAt; self.spentAt = spentAt
    }
}

/// The メール通知パスワード a customer currently holds (at most one: issuing replaces it).
public enum MailPasswordRecords {
    public static func replace(_ db: any SQLDatabase, _ record: MailPasswordRecord) async throws {
        try await db.raw("""
            INSERT INTO mail_passwords (customer_id, session_hash, destination_key, password_hash, issued_at, spent_at)
            VALUES (\(bind: record.customerID), \(bind: record.sessionHash), \(bind: record.destinationKey),
                    \(bind: record.passwordHash), \(bind: record.issuedAt.millis), NULL)
            ON CONFLICT (customer_id) DO UPDATE SET session_hash = excluded.session_hash,
                destination_key = excluded.destination_key, password_hash = excluded.password_hash,
                issued_at = excluded.issued_at, spent_at = NULL
            """).run()
    }

    public static func find(_ db: any SQLDatabase, customerID: Int64) async throws -> MailPasswordRecord? {
        guard let row = try await db.raw("""
            SELECT customer_id, session_hash, destination_key, password_hash, issued_at, spent_at
            FROM mail_passwords WHERE customer_id = \(bind: customerID)
            """).first() else { return nil }
        return MailPasswordRecord(
            customerID: try row.decode(column: "customer_id", as: Int64.self),
            sessionHash: try row.decode(column: "session_hash", as: String.self),
            destinationKey: try row.decode(column: "destination_key", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            issuedAt: Date(millis: try row.decode(column: "issued_at", as: Int64.self)),
            spentAt: try row.decode(column: "spent_at", as: Int64?.self).map(Date.init(millis:)))
    }

    /// Spends the password in the transfer's transaction; false if it was spent or replaced
    /// meanwhile (the hash no longer the one checked).
    public static func spend(_ db: any SQLDatabase, customerID: Int64, passwordHash: String, at now: Date) async throws -> Bool {
        try await db.raw(spendStatement(customerID: customerID, passwordHash: passwordHash, at: now)).first() != nil
    }

    /// The spending as a statement, also a part of 実行's (`TransferExecutionRecords.claim`), with
    /// `condition` ANDed.
    static func spendStatement(customerID: Int64, passwordHash: String, at now: Date, and condition: String = "") -> SQLQueryString {
        """
            UPDATE mail_passwords SET spent_at = \(bind: now.millis)
            WHERE customer_id = \(bind: customerID) AND password_hash = \(bind: passwordHash) AND spent_at IS NULL
            \(unsafeRaw: condition.isEmpty ? "" : "AND \(condition)")
            RETURNING customer_id
            """
    }

    /// Logout or session end: the password dies with the session.
    public static func discard(_ db: any SQLDatabase, customerID: Int64) async throws {
        try await db.raw("DELETE FROM mail_passwords WHERE customer_id = \(bind: customerID)").run()
    }
}
