import Foundation
import SQLKit

/// A column that holds secrets sealed with `SecretKeyRing` (`v1.<keyid>.<payload>`): what key
/// rotation re-seals. A new sealed column is a new case here, or `kyoei admin secrets reseal`
/// leaves it under the old key.
public enum SealedColumn: CaseIterable, Sendable {
    /// Token seeds: the phone token app's and the authenticator app's (issued, live or ended).
    case otpTokenSeeds
    /// The back office's own authenticator seeds.
    case staffTOTPSeeds

    var table: String { self == .staffTOTPSeeds ? "staff" : "otp_tokens" }
    var column: String { self == .staffTOTPSeeds ? "totp_secret_sealed" : "secret_sealed" }
    /// `table.column`, as status and the audit trail name it.
    public var name: String { table + "." + column }
    /// What the seal's associated data is made from: the token's id, the staff member's 職員ID.
    var owner: String { self == .staffTOTPSeeds ? "staff_id" : "CAST(id AS TEXT)" }
}

/// A column of keyed hashes (`KeyedHash`: `v1.<keyid>.<hmac>`) still waiting to be compared. A
/// hash cannot be re-sealed (the value is gone); it needs its key until it is used or expires.
public enum KeyedHashColumn: CaseIterable, Sendable {
    /// Unspent メール通知パスワード.
    case mailPasswords
    /// 利用開始パスワード of tokens issued and not yet set up.
    case activationPasswords

    /// `table.column`, as status names it.
    public var name: String { self == .mailPasswords ? "mail_passwords.password_hash" : "otp_tokens.activation_hash" }

    var live: SQLQueryString {
        switch self {
        case .mailPasswords: "SELECT password_hash AS value FROM mail_passwords WHERE spent_at IS NULL"
        case .activationPasswords: "SELECT activation_hash AS value FROM otp_tokens WHERE status = 'issued'"
        }
    }
}

/// One sealed value as re-sealing reads it.
public struct SealedSecretRow: Sendable {
    public var id: Int64
    /// The text the seal's associated data is built from (see `SealedColumn.owner`).
    public var owner: String
    public var sealed: String
}

public enum SealedSecretRecords {
    /// Up to `limit` values of `column` not sealed under `keyID`, in id order after `afterID`.
    public static func notUnder(_ db: any SQLDatabase, _ column: SealedColumn, keyID: String, afterID: Int64,
                                limit: Int) async throws -> [SealedSecretRow] {
        let prefix = "v1.\(keyID)."
        // The prefix's length is written into the SQL: PostgreSQL's substr takes an integer, and
        // a bound Swift Int arrives as bigint.
        return try await db.raw("""
            SELECT id, \(unsafeRaw: column.owner) AS owner, \(unsafeRaw: column.column) AS sealed FROM \(unsafeRaw: column.table)
            WHERE \(unsafeRaw: column.column) IS NOT NULL AND id > \(bind: afterID)
              AND substr(\(unsafeRaw: column.column), 1, \(unsafeRaw: String(prefix.utf8.count))) <> \(bind: prefix)
            ORDER BY id LIMIT \(bind: limit)
            """).all().map { row in
            SealedSecretRow(id: try row.decode(column: "id", as: Int64.self), owner: try row.decode(column: "owner", as: String.self),
                            sealed: try row.decode(column: "sealed", as: String.self))
        }
    }

    /// Replaces one value only if it is still the one read: a row re-sealed (or changed by the
    /// bank) meanwhile is left alone. One row, one short write: no table lock.
    public static func replace(_ db: any SQLDatabase, _ column: SealedColumn, id: Int64, old: String, new: String) async throws -> Bool {
        let rows = try await db.raw("""
            UPDATE \(unsafeRaw: column.table) SET \(unsafeRaw: column.column) = \(bind: new)
            WHERE id = \(bind: id) AND \(unsafeRaw: column.column) = \(bind: old) RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// How many values of `column` each key id seals, for the ids given, and how many in all.
    public static func count(_ db: any SQLDatabase, _ column: SealedColumn, keyIDs: [String]) async throws -> (byKey: [String: Int], total: Int) {
        try await count(db, "SELECT \(unsafeRaw: column.column) AS value FROM \(unsafeRaw: column.table) WHERE \(unsafeRaw: column.column) IS NOT NULL",
                        keyIDs: keyIDs)
    }

    /// The same for the live keyed hashes of `column`.
    public static func count(_ db: any SQLDatabase, _ column: KeyedHashColumn, keyIDs: [String]) async throws -> (byKey: [String: Int], total: Int) {
        try await count(db, column.live, keyIDs: keyIDs)
    }

    private static func count(_ db: any SQLDatabase, _ values: SQLQueryString, keyIDs: [String]) async throws -> (byKey: [String: Int], total: Int) {
        let total = try await db.raw("SELECT COUNT(*) AS n FROM (\(values)) v").first()?.decode(column: "n", as: Int.self) ?? 0
        var byKey: [String: Int] = [:]
        for keyID in keyIDs {
            let prefix = "v1.\(keyID)."
            byKey[keyID] = try await db.raw("""
                SELECT COUNT(*) AS n FROM (\(values)) v WHERE substr(v.value, 1, \(unsafeRaw: String(prefix.utf8.count))) = \(bind: prefix)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return (byKey, total)
    }
}
