import BankCore
import BankStore

/// Who asks a use case to act: the use case checks itself that this one may (a customer only
/// on what the customer owns, staff by role, the CLI's operator as named on the command line).
/// Named `BankActor` because `Actor` is Swift's own protocol.
public enum BankActor: Sendable, Equatable {
    case customer(id: Int64)
    case staff(StaffIdentity)
    /// Someone at the command line (`kyoei admin ... --staff NAME`); the name is audited as given.
    case `operator`(name: String)
    /// The bank itself (scheduled jobs, the mail worker).
    case system
}

extension BankActor {
    /// The customer acting on their own accounts, payees and settings. Nobody else uses the
    /// customer's use cases: staff act through the back office's own, which check roles.
    func requireCustomer() throws -> Int64 {
        guard case .customer(let id) = self else { throw BankError.customerNotFound }
        return id
    }
}
