import BankCore
import BankStore
import Foundation

/// A member of staff as `kyoei admin staff` shows them: identity, lock and history, never the
/// password hash or the TOTP secret.
public struct StaffAccount: Sendable, Equatable {
    public var id: Int64
    /// 職員ID (lower case).
    public var staffID: String
    public var name: String
    public var role: StaffRole
    /// Consecutive failed password and code attempts.
    public var failures: Int
    public var lockedAt: Date?
    public var createdAt: Date
    public var createdBy: String
    public var disabledAt: Date?

    public var isLocked: Bool { lockedAt != nil }
    public var isDisabled: Bool { disabledAt != nil }
    /// Who they are when they act (`BankActor.staff`).
    public var identity: StaffIdentity {
        StaffIdentity(id: id, loginID: staffID, name: name, role: role, isDisabled: isDisabled)
    }

    init(_ record: StaffRecord) {
        id = record.id; staffID = record.staffID; name = record.name; role = record.role; failures = record.failures
        lockedAt = record.lockedAt; createdAt = record.createdAt; createdBy = record.createdBy; disabledAt = record.disabledAt
    }
}
