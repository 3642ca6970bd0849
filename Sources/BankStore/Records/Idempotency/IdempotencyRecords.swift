import BankCore
import Foundation
import SQLKit

/// Every statement on `api_idempotency`. Each one is a single statement whose WHERE clause
/// decides a race (the unique (customer, key) index for the first claim, `state` and
/// `locked_until` for a take-over and for completion), so both engines give one winner.
public enum IdempotencyRecords {
    static let columns = """
        id, customer_id, idempotency_key, operation, fingerprint, state, locked_until, response_status, response_body,
        reception_number, created_at, completed_at, expires_at
        """

    /// Forgets the customer's keys that have expired (a key may be used again after that).
    public static func deleteExpired(_ db: any SQLDatabase, customerID: Int64, at now: Date) async throws {
        try await db.raw("""
            DELETE FROM api_idempotency WHERE customer_id = \(bind: customerID) AND expires_at <= \(bind: now.millis)
            """).run()
    }

    /// Forgets every expired key (the session sweep's tidy-up, for customers who do not come back).
    public static func deleteExpired(_ db: any SQLDatabase, at now: Date) async throws {
        try await db.raw("DELETE FROM api_idempotency WHERE expires_at <= \(bind: now.millis)").run()
    }

    /// Writes the key as in progress, held by the caller; nil (nothing written) when the
    /// customer has that key already.
    public static func insertIfAbsent(_ db: any SQLDatabase, _ record: IdempotencyRecord) async throws -> IdempotencyRecord? {
        guard let row = try await db.raw("""
            INSERT INTO api_idempotency (customer_id, idempotency_key, operation, fingerprint, state, locked_until,
                created_at, expires_at)
            VALUES (\(bind: record.customerID), \(bind: record.key), \(bind: record.operation), \(bind: record.fingerprint),
                    \(bind: IdempotencyState.inProgress.rawValue), \(bind: record.lockedUntil?.millis), \(bind: record.createdAt.millis),
                    \(bind: record.expiresAt.millis))
            ON CONFLICT (customer_id, idempotency_key) DO NOTHING
            RETURNING \(unsafeRaw: columns)
            """).first() else { return nil }
        return try decode(row)
    }

    public static func find(_ db: any SQLDatabase, customerID: Int64, key: String) async throws -> IdempotencyRecord? {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM api_idempotency
            WHERE customer_id = \(bind: customerID) AND idempotency_key = \(bind: key)
            """).first().map(decode)
    }

    public static func find(_ db: any SQLDatabase, id: Int64) async throws -> IdempotencyRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM api_idempotency WHERE id = \(bind: id)").first().map(decode)
    }

    /// Takes over a key whose holder's lease ran out (a process that died mid-request):
    /// true for one caller only.
    public static func takeOver(_ db: any SQLDatabase, id: Int64, until: Date, at now: Date) async throws -> Bool {
        try await db.raw("""
            UPDATE api_idempotency SET locked_until = \(bind: until.millis)
            WHERE id = \(bind: id) AND state = \(bind: IdempotencyState.inProgress.rawValue)
              AND (locked_until IS NULL OR locked_until <= \(bind: now.millis))
            RETURNING id
            """).first() != nil
    }

    /// Stores the first answer; false when the key is no longer in progress (another holder
    /// completed it first, after a take-over): the caller answers with what is stored.
    public static func complete(_ db: any SQLDatabase, id: Int64, status: Int, body: String, receptionNumber: String?,
                                at now: Date) async throws -> Bool {
        try await db.raw("""
            UPDATE api_idempotency SET state = \(bind: IdempotencyState.completed.rawValue), locked_until = NULL,
                response_status = \(bind: status), response_body = \(bind: body), reception_number = \(bind: receptionNumber),
                completed_at = \(bind: now.millis)
            WHERE id = \(bind: id) AND state = \(bind: IdempotencyState.inProgress.rawValue)
            RETURNING id
            """).first() != nil
    }

    /// Gives an unanswered key back (the request stored no answer): the next request with it runs afresh.
    public static func release(_ db: any SQLDatabase, id: Int64) async throws {
        try await db.raw("""
            DELETE FROM api_idempotency WHERE id = \(bind: id) AND state = \(bind: IdempotencyState.inProgress.rawValue)
            """).run()
    }

    static func decode(_ row: any SQLRow) throws -> IdempotencyRecord {
        IdempotencyRecord(
            id: try row.decode(column: "id", as: Int64.self),
            customerID: try row.decode(column: "customer_id", as: Int64.self),
            key: try row.decode(column: "idempotency_key", as: String.self),
            operation: try row.decode(column: "operation", as: String.self),
            fingerprint: try row.decode(column: "fingerprint", as: String.self),
            state: IdempotencyState(rawValue: try row.decode(column: "state", as: String.self)) ?? .inProgress,
            lockedUntil: try row.decode(column: "locked_until", as: Int64?.self).map(Date.init(millis:)),
            responseStatus: try row.decode(column: "response_status", as: Int64?.self).map { Int($0) },
            responseBody: try row.decode(column: "response_body", as: String?.self),
            receptionNumber: try row.decode(column: "reception_number", as: String?.self),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            completedAt: try row.decode(column: "completed_at", as: Int64?.self).map(Date.init(millis:)),
            expiresAt: Date(millis: try row.decode(column: "expires_at", as: Int64.self)))
    }
}
