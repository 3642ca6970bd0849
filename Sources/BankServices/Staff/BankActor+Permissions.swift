import BankCore
import BankStore
import Foundation

/// What each actor may do in the back office. The use case asks, so a rule holds for the web
/// and the command line alike.
extension BankActor {
    /// Staff of one of `roles` (and not disabled), the command line's operator (who already
    /// holds the database) and the bank itself may; anyone else is refused `staff(.forbidden)`.
    public func requireStaff(_ roles: Set<StaffRole>) throws {
        switch self {
        case .staff(let staff):
            guard !staff.isDisabled, roles.contains(staff.role) else { throw BankError.staff(.forbidden) }
        case .operator, .system:
            return
        case .customer:
            throw BankError.staff(.forbidden)
        }
    }

    /// The member of staff acting: maker-checker compares staff rows, so only staff ask for and
    /// decide on requests.
    func requireStaffIdentity() throws -> StaffIdentity {
        guard case .staff(let staff) = self else { throw BankError.staff(.forbidden) }
        return staff
    }

    /// Only the command line (and the bank itself): staff accounts and the bank master have no
    /// web screen.
    func requireOperator() throws {
        switch self {
        case .operator, .system: return
        case .staff, .customer: throw BankError.staff(.forbidden)
        }
    }

    /// The name recorded for who did something (a staff row's `created_by`, a payee's): the
    /// 職員ID, or the name given to the command line.
    var recordedName: String {
        switch self {
        case .staff(let staff): staff.loginID
        case .operator(let name): name
        case .system: "system"
        case .customer(let id): "customer:\(id)"
        }
    }

    /// `role=operator`: what a refused staff attempt adds to its audit row (nothing for the
    /// command line, which has no role).
    var roleDetail: AuditDetail {
        guard case .staff(let staff) = self else { return .none }
        return [.field(.role, String(staff.role.rawValue))]
    }
}
