import BankCore
import Foundation
import SQLKit

/// The customer's pending メールアドレス変更 (at most one pending per customer: a newer request
/// voids the older) and how each ended.
public enum MailAddressConfirmationRecords {
    static let columns = "id, customer_id, kind, new_address, token_hash, status, created_at, expires_at, ended_at"

    public static func insert(_ db: any SQLDatabase, _ record: MailAddressConfirmationRecord) async throws -> Int64 {
        let row = try await db.raw("""
            INSERT INTO mail_address_confirmations (customer_id, kind, new_address, token_hash, status, created_at, expires_at)
            VALUES (\(bind: record.customerID), \(bind: record.kind), \(bind: record.newAddress), \(bind: record.tokenHash),
                    'pending', \(bind: record.createdAt.millis), \(bind: record.expiresAt.millis))
            RETURNING id
            """).first()
        guard let row else { throw StoreError.notFound }
        return try row.decode(column: "id", as: Int64.self)
    }

    /// Ends every pending request of the customer (a newer request, or the address changed
    /// another way); returns how many there were.
    @discardableResult
    public static func voidPending(_ db: any SQLDatabase, customerID: Int64, at now: Date) async throws -> Int {
        try await db.raw("""
            UPDATE mail_address_confirmations SET status = 'voided', ended_at = \(bind: now.millis)
            WHERE customer_id = \(bind: customerID) AND status = 'pending'
            RETURNING id
            """).all().count
    }

    public static func find(_ db: any SQLDatabase, tokenHash: String) async throws -> MailAddressConfirmationRecord? {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM mail_address_confirmations WHERE token_hash = \(bind: tokenHash)
            """).first().map(decode)
    }

    /// The customer's newest pending request that has not run out, for the screen.
    public static func pending(_ db: any SQLDatabase, customerID: Int64, at now: Date) async throws -> MailAddressConfirmationRecord? {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM mail_address_confirmations
            WHERE customer_id = \(bind: customerID) AND status = 'pending' AND expires_at > \(bind: now.millis)
            ORDER BY id DESC LIMIT 1
            """).first().map(decode)
    }

    /// Marks the request confirmed if it is still pending and in time; false when another
    /// request (a double click, a second tab) or a newer request got there first.
    public static func markConfirmed(_ db: any SQLDatabase, id: Int64, at now: Date) async throws -> Bool {
        try await db.raw("""
            UPDATE mail_address_confirmations SET status = 'confirmed', ended_at = \(bind: now.millis)
            WHERE id = \(bind: id) AND status = 'pending' AND expires_at > \(bind: now.millis)
            RETURNING id
            """).first() != nil
    }

    public static func all(_ db: any SQLDatabase, customerID: Int64) async throws -> [MailAddressConfirmationRecord] {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM mail_address_confirmations WHERE customer_id = \(bind: customerID) ORDER BY id
            """).all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> MailAddressConfirmationRecord {
        MailAddressConfirmationRecord(
            id: try row.decode(column: "id", as: Int64.self),
            customerID: try row.decode(column: "customer_id", as: Int64.self),
            kind: try row.decode(column: "kind", as: String.self),
            newAddress: try row.decode(column: "new_address", as: String.self),
            tokenHash: try row.decode(column: "token_hash", as: String.self),
            status: MailAddressConfirmationRecord.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .voided,
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: Date(millis: try row.decode(column: "expires_at", as: Int64.self)),
            endedAt: try row.decode(column: "ended_at", as: Int64?.self).map(Date.init(millis:)))
    }
}
