import BankCore
import BankStore
import Foundation

/// A signed-in member of staff as the use cases and the back office see them: who, by what
/// name and in which role; never the password hash or the TOTP secret.
public struct StaffIdentity: Sendable, Equatable {
    /// The staff row's id (maker-checker compares who asked with who decides by it).
    public var id: Int64
    /// 職員ID, as typed at login (lower case).
    public var loginID: String
    public var name: String
    public var role: StaffRole
    /// A disabled member of staff may do nothing, even with an identity read before the change.
    public var isDisabled: Bool

    public init(id: Int64, loginID: String, name: String = "", role: StaffRole, isDisabled: Bool = false) {
        self.id = id
        self.loginID = loginID
        self.name = name
        self.role = role
        self.isDisabled = isDisabled
    }

    /// `staff:yamada`: how the audit trail names this member of staff.
    public var auditName: String { AuditActor.staff(loginID).storedText }
}

extension StaffIdentity {
    init(_ record: StaffRecord) {
        self.init(id: record.id, loginID: record.staffID, name: record.name, role: record.role, isDisabled: record.isDisabled)
    }
}
