import BankCore
import Foundation
import SQLKit

public struct CredentialState: Sendable, Equatable, Codable {
    public var credential: Credential
    public var failures: Int
    public var lockedAt: Date?
    public var isLocked: Bool { lockedAt != nil }
}

/// Consecutive-failure counters, one per customer and credential, shared by every server
/// process through the database.
public enum CredentialRecords {
    /// Adds one failure (a password found wrong) and locks the credential when the count
    /// reaches the policy's limit. Returns the state after the failure.
    public static func recordFailure(_ db: any SQLDatabase, customerID: Int64, credential: Credential,
                                     policy: LockoutPolicy, at now: Date) async throws -> CredentialState {
        let row = try await db.raw("""
            INSERT INTO credential_failures (customer_id, credential, failures, last_failure_at)
            VALUES (\(bind: customerID), \(bind: credential.rawValue), 1, \(bind: now.millis))
            ON CONFLICT (customer_id, credential) DO UPDATE
               SET failures = credential_failures.failures + 1, last_failure_at = excluded.last_failure_at
            RETURNING failures, locked_at
            """).first()!
        let failures = try row.decode(column: "failures", as: Int.self)
        var lockedAt = try row.decode(column: "locked_at", as: Int64?.self).map(Date.init(millis:))
        if lockedAt == nil && policy.isLocked(failures: failures) {
            try await db.raw("""
                UPDATE credential_failures SET locked_at = \(bind: now.millis)
                WHERE customer_id = \(bind: customerID) AND credential = \(bind: credential.rawValue)
                """).run()
            lockedAt = now
        }
        return CredentialState(credential: credential, failures: failures, lockedAt: lockedAt)
    }

    /// Takes the counter's row for the rest of the transaction (creating it at zero), so that
    /// the checks of one credential take turns: a row lock on PostgreSQL (concurrent upserts of
    /// one key wait for each other), the one writer on SQLite. Returns the state it read.
    public static func lockCounter(_ db: any SQLDatabase, customerID: Int64, credential: Credential) async throws -> CredentialState {
        let row = try await db.raw(lockCounterStatement(customerID: "\(bind: customerID)", credential: credential)).first()!
        return CredentialState(credential: credential, failures: try row.decode(column: "failures", as: Int.self),
                               lockedAt: try row.decode(column: "locked_at", as: Int64?.self).map(Date.init(millis:)))
    }

    /// The taking as a statement, also a part of the code check's (`OTPCodeCheckRecords.take`),
    /// where the customer is the locked row's (`customerID` an expression).
    static func lockCounterStatement(customerID: SQLQueryString, credential: Credential) -> SQLQueryString {
        """
            INSERT INTO credential_failures (customer_id, credential, failures)
            VALUES (\(customerID), \(bind: credential.rawValue), 0)
            ON CONFLICT (customer_id, credential) DO UPDATE SET failures = credential_failures.failures
            RETURNING failures, locked_at
            """
    }

    /// A success or the bank's unlock: the counter goes back to zero and the lock is lifted.
    public static func reset(_ db: any SQLDatabase, customerID: Int64, credential: Credential) async throws {
        try await db.raw("""
            DELETE FROM credential_failures WHERE customer_id = \(bind: customerID) AND credential = \(bind: credential.rawValue)
            """).run()
    }

    /// A right answer checked before its transaction (実行): the counter goes back to zero in
    /// the one statement that also takes its row, and returns what it held — a lock set by
    /// wrong answers meanwhile refuses the right one, and the caller's rollback restores it.
    /// Nil when there was no counter (nothing failed since the last success).
    public static func clear(_ db: any SQLDatabase, customerID: Int64, credential: Credential) async throws -> CredentialState? {
        let row = try await db.raw(clearStatement(customerID: "\(bind: customerID)", credential: credential)).first()
        guard let row else { return nil }
        return CredentialState(credential: credential, failures: try row.decode(column: "failures", as: Int.self),
                               lockedAt: try row.decode(column: "locked_at", as: Int64?.self).map(Date.init(millis:)))
    }

    /// The clearing as a statement, also a part of 実行's (`TransferExecutionRecords.claim`), where
    /// the customer is the locked row's (`customerID` an expression) and `condition` is ANDed.
    static func clearStatement(customerID: SQLQueryString, credential: Credential, and condition: String = "") -> SQLQueryString {
        """
            DELETE FROM credential_failures WHERE customer_id = \(customerID) AND credential = \(bind: credential.rawValue)
            \(unsafeRaw: condition.isEmpty ? "" : "AND \(condition)")
            RETURNING failures, locked_at
            """
    }

    public static func state(_ db: any SQLDatabase, customerID: Int64, credential: Credential) async throws -> CredentialState {
        let row = try await db.raw("""
            SELECT failures, locked_at FROM credential_failures
            WHERE customer_id = \(bind: customerID) AND credential = \(bind: credential.rawValue)
            """).first()
        guard let row else { return CredentialState(credential: credential, failures: 0, lockedAt: nil) }
        return CredentialState(credential: credential, failures: try row.decode(column: "failures", as: Int.self),
                               lockedAt: try row.decode(column: "locked_at", as: Int64?.self).map(Date.init(millis:)))
    }

    public static func all(_ db: any SQLDatabase, customerID: Int64) async throws -> [CredentialState] {
        var states: [CredentialState] = []
        for credential in Credential.allCases {
            states.append(try await state(db, customerID: customerID, credential: credential))
        }
        return states
    }

    // MARK: login IDs that do not exist

    /// Counts a failed login for an ID that has no customer; returns the count. The key is
    /// a hash so that mistyped IDs (often someone's real ID or password) are not stored.
    public static func recordUnknownFailure(_ db: any SQLDatabase, loginIDHash: String, at now: Date) async throws -> Int {
        let row = try await db.raw("""
            INSERT INTO unknown_login_failures (login_id_hash, failures, last_failure_at)
            VALUES (\(bind: loginIDHash), 1, \(bind: now.millis))
            ON CONFLICT (login_id_hash) DO UPDATE
               SET failures = unknown_login_failures.failures + 1, last_failure_at = excluded.last_failure_at
            RETURNING failures
            """).first()!
        return try row.decode(column: "failures", as: Int.self)
    }

    public static func unknownFailures(_ db: any SQLDatabase, loginIDHash: String) async throws -> Int {
        let row = try await db.raw("SELECT failures FROM unknown_login_failures WHERE login_id_hash = \(bind: loginIDHash)").first()
        return try row?.decode(column: "failures", as: Int.self) ?? 0
    }

    /// Forgets the failures counted at an ID that now exists (a customer or member of staff
    /// just given it): attempts made before it existed must not lock its new owner.
    public static func forgetUnknownFailures(_ db: any SQLDatabase, loginIDHash: String) async throws {
        try await db.raw("DELETE FROM unknown_login_failures WHERE login_id_hash = \(bind: loginIDHash)").run()
    }

    /// Forgets failures on unknown IDs older than `cutoff` (they would otherwise lock an ID
    /// that a customer is later given).
    public static func pruneUnknownFailures(_ db: any SQLDatabase, before cutoff: Date) async throws {
        try await db.raw("DELETE FROM unknown_login_failures WHERE last_failure_at < \(bind: cutoff.millis)").run()
    }
}
