import BankCore
import Foundation
import SQLKit

/// A member of the bank's staff who may use the back office.
public struct StaffRecord: Sendable, Equatable {
    public var id: Int64
    /// 職員ID: what the member of staff types at login (lower case).
    public var staffID: String
    public var name: String
    public var role: StaffRole
    public var passwordHash: String
    /// The TOTP secret, AES-GCM sealed with a key id (like a customer's token seed).
    public var totpSecretSealed: String
    /// The last TOTP step accepted: no code, and no older one, is accepted again.
    public var lastAcceptedStep: Int64?
    /// Consecutive failed password and code attempts, counted before each check.
    public var failures: Int
    public var lockedAt: Date?
    public var createdAt: Date
    public var createdBy: String
    public var disabledAt: Date?

    public var isLocked: Bool { lockedAt != nil }
    public var isDisabled: Bool { disabledAt != nil }
    /// `staff:yamada`: how the audit trail names this member of staff.
    public var actor: String { "staff:\(staffID)" }
}

public struct NewStaff: Sendable {
    public var staffID: String
    public var name: String
    public var role: StaffRole
    public var passwordHash: String
    public var totpSecretSealed: String
    public var createdBy: String

    public init(staffID: String, name: String, role: StaffRole, passwordHash: String, totpSecretSealed: String, createdBy: String) {
        self.staffID = staffID; self.name = name; self.role = role; self.passwordHash = passwordHash
        self.totpSecretSealed = totpSecretSealed; self.createdBy = createdBy
    }
}

/// The staff table (Store+Staff). Counters and the TOTP step change only by single
/// conditional updates, so several server processes agree on them.
public enum StaffRecords {
    static let columns = """
        id, staff_id, name, role, password_hash, totp_secret_sealed, last_accepted_step, failures, locked_at,
        created_at, created_by, disabled_at
        """

    /// Adds a member of staff; nil when the staff ID is taken (also when two clerks race).
    public static func insert(_ db: any SQLDatabase, _ new: NewStaff, at now: Date) async throws -> StaffRecord? {
        guard let row = try await db.raw("""
            INSERT INTO staff (staff_id, name, role, password_hash, totp_secret_sealed, created_at, created_by)
            VALUES (\(bind: new.staffID), \(bind: new.name), \(bind: new.role.rawValue), \(bind: new.passwordHash),
                    \(bind: new.totpSecretSealed), \(bind: now.millis), \(bind: new.createdBy))
            ON CONFLICT (staff_id) DO NOTHING
            RETURNING id
            """).first() else { return nil }
        return try await find(db, id: try row.decode(column: "id", as: Int64.self))
    }

    public static func find(_ db: any SQLDatabase, staffID: String) async throws -> StaffRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM staff WHERE staff_id = \(bind: staffID)").first().map(decode)
    }

    public static func find(_ db: any SQLDatabase, id: Int64) async throws -> StaffRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM staff WHERE id = \(bind: id)").first().map(decode)
    }

    public static func list(_ db: any SQLDatabase) async throws -> [StaffRecord] {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM staff ORDER BY staff_id").all().map(decode)
    }

    /// Counts one password or code found wrong, and locks at `policy.limit`, in one
    /// statement. Returns the count and lock after it.
    public static func recordFailure(_ db: any SQLDatabase, id: Int64, policy: LockoutPolicy,
                                     at now: Date) async throws -> (failures: Int, lockedAt: Date?) {
        let row = try await db.raw("""
            UPDATE staff SET failures = failures + 1,
                   locked_at = CASE WHEN locked_at IS NULL AND failures + 1 >= \(bind: policy.limit)
                                    THEN \(bind: now.millis) ELSE locked_at END
            WHERE id = \(bind: id)
            RETURNING failures, locked_at
            """).first()!
        return (try row.decode(column: "failures", as: Int.self),
                try row.decode(column: "locked_at", as: Int64?.self).map(Date.init(millis:)))
    }

    /// A whole login, or an unlock by the bank: the count goes back to zero.
    public static func reset(_ db: any SQLDatabase, id: Int64) async throws {
        try await db.raw("UPDATE staff SET failures = 0, locked_at = NULL WHERE id = \(bind: id)").run()
    }

    /// Records `step` as used, only if it is later than every step used before. False when
    /// another request used this step (or a later one) first: a replay.
    public static func acceptStep(_ db: any SQLDatabase, id: Int64, step: Int64) async throws -> Bool {
        try await db.raw("""
            UPDATE staff SET last_accepted_step = \(bind: step)
            WHERE id = \(bind: id) AND (last_accepted_step IS NULL OR last_accepted_step < \(bind: step))
            RETURNING id
            """).first() != nil
    }

    public static func updatePasswordHash(_ db: any SQLDatabase, id: Int64, hash: String) async throws {
        try await db.raw("UPDATE staff SET password_hash = \(bind: hash) WHERE id = \(bind: id)").run()
    }

    /// False when the member of staff was disabled already.
    public static func disable(_ db: any SQLDatabase, id: Int64, at now: Date) async throws -> Bool {
        try await db.raw("""
            UPDATE staff SET disabled_at = \(bind: now.millis) WHERE id = \(bind: id) AND disabled_at IS NULL RETURNING id
            """).first() != nil
    }

    static func decode(_ row: any SQLRow) throws -> StaffRecord {
        StaffRecord(
            id: try row.decode(column: "id", as: Int64.self),
            staffID: try row.decode(column: "staff_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            // An unknown role (a newer version's) may read, and nothing else.
            role: StaffRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .auditor,
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            totpSecretSealed: try row.decode(column: "totp_secret_sealed", as: String.self),
            lastAcceptedStep: try row.decode(column: "last_accepted_step", as: Int64?.self),
            failures: try row.decode(column: "failures", as: Int.self),
            lockedAt: try row.decode(column: "locked_at", as: Int64?.self).map(Date.init(millis:)),
            createdAt: Date(millis: try row.decode(column: "created_at", as: Int64.self)),
            createdBy: try row.decode(column: "created_by", as: String.self),
            disabledAt: try row.decode(column: "disabled_at", as: Int64?.self).map(Date.init(millis:)))
    }
}
