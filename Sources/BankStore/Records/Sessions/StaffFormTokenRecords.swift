import Foundation
import SQLKit

/// What a back-office form's one-time token was spent on (migration 6's `staff_form_tokens`).
public enum StaffFormPurpose: String, Sendable, Codable {
    /// 口座開設: `result` is the new account's id.
    case accountOpen = "account_open"
    /// 顧客新規登録: `result` is the new customer's id.
    case customerCreate = "customer_create"
}

/// A spent form token: who spent it, on what, and what it made.
public struct StaffFormTokenRecord: Sendable, Equatable {
    public var tokenHash: String
    /// The staff row's id (`staff.id`, not the 職員ID).
    public var staffRowID: Int64
    public var purpose: StaffFormPurpose?
    /// The id of what the first submission created; empty until it is recorded in the same
    /// transaction, so a committed row always has it.
    public var result: String
    public var createdAt: Date

    public var resultID: Int64? { Int64(result) }
}

/// One-time tokens of the back-office forms that create something. The claim is an insert on
/// the primary key, made in the creating transaction: of two submissions of one form, even
/// at the same instant, one inserts and creates, the other finds the row and creates nothing.
public enum StaffFormTokenRecords {
    /// Claims the token for this member of staff; false when it was spent already (by anyone).
    /// On PostgreSQL a concurrent claim waits for the first transaction and then sees its row.
    public static func claim(_ db: any SQLDatabase, tokenHash: String, staffRowID: Int64, purpose: StaffFormPurpose,
                             at now: Date) async throws -> Bool {
        try await db.raw("""
            INSERT INTO staff_form_tokens (token_hash, staff_id, purpose, result, created_at)
            VALUES (\(bind: tokenHash), \(bind: staffRowID), \(bind: purpose.rawValue), '', \(bind: now.millis))
            ON CONFLICT (token_hash) DO NOTHING
            RETURNING token_hash
            """).first() != nil
    }

    /// Records what the claiming submission created, in its transaction.
    public static func setResult(_ db: any SQLDatabase, tokenHash: String, result: String) async throws {
        try await db.raw("UPDATE staff_form_tokens SET result = \(bind: result) WHERE token_hash = \(bind: tokenHash)").run()
    }

    /// The token as spent by this member of staff; another's token is not found.
    public static func find(_ db: any SQLDatabase, tokenHash: String, staffRowID: Int64) async throws -> StaffFormTokenRecord? {
        try await db.raw("""
            SELECT token_hash, staff_id, purpose, result, created_at FROM staff_form_tokens
            WHERE token_hash = \(bind: tokenHash) AND staff_id = \(bind: staffRowID)
            """).first().map { row in
            StaffFormTokenRecord(
                tokenHash: try row.decode(column: "token_hash", as: String.self),
                staffRowID: try row.decode(column: "staff_id", as: Int64.self),
                purpose: StaffFormPurpose(rawValue: try row.decode(column: "purpose", as: String.self)),
                result: try row.decode(column: "result", as: String.self),
                createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)))
        }
    }
}
