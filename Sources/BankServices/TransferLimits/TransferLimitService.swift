import BankCore
import BankStore
import Foundation
import SQLKit

/// 振込限度額: each customer's limit per day (their own, or the bank's default) and what is
/// left of it today. The counter lowers it at once and asks a 役席 to raise it
/// (`AccessRequestService.changeTransferLimit`); the command line sets it; the customer lowers
/// it at once or raises it after a cooling-off (`+Customer`), and the bank may cancel such a
/// raise while it waits (`+Bank`). Every setter ends the customer's raises.
public struct TransferLimitService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

extension TransferLimitService {
    /// `kyoei admin transfer-limit`: the customer's limit now, whether it is the bank's
    /// default, and what is left today.
    public func status(loginID: String) async throws -> DailyLimitStatus {
        try await status(customerID: try await bank.counter.customerRecord(loginID: loginID).id)
    }

    public func status(by actor: BankActor) async throws -> DailyLimitStatus {
        try await status(customerID: try actor.requireCustomer())
    }

    func status(customerID: Int64) async throws -> DailyLimitStatus {
        let now = clock.now()
        return try await database.read { db in try await dailyLimitStatus(db, customerID: customerID, at: now) }
    }

    /// `kyoei admin transfer-limit --set`: 振込限度額 for one customer (nil: back to the bank's default).
    public func set(loginID: String, amount rawAmount: String?, by actor: BankActor) async throws -> Yen {
        try actor.requireOperator()
        var limit: Yen?
        if let rawAmount {
            do { limit = try TransferLimit.parseLimit(rawAmount) } catch {
                throw BankError.invalidInput([FieldError(field: "amount", messageKey: error.messageKey)])
            }
        }
        let customer = try await bank.counter.customerRecord(loginID: loginID)
        let now = clock.now()
        return try await database.transaction { db in
            try await CustomerRecords.lockForChange(db, customerID: customer.id)
            return try await applyDailyLimit(db, customer: customer, limit, actor: AuditActor(actor), client: .commandLine, at: now)
        }
    }
}
