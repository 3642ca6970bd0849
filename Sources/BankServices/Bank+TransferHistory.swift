import BankCore
import BankStore
import Foundation
import SQLKit

/// A customer's 振込限度額 as the counter sees it.
public struct DailyLimitStatus: Sendable, Equatable {
    public var limit: Yen
    /// What is left of it today (JST), after today's transfers that were not returned.
    public var remainingToday: Yen
    /// True when the bank set none for this customer and KYOEI_TRANSFER_DAILY_LIMIT applies.
    public var isDefault: Bool
}

extension Bank {
    /// `kyoei admin transfer list`: every transfer (or one customer's), newest first.
    public func transfers(loginID: String?, limit: Int) async throws -> [TransferRecord] {
        let customerID = try await loginID.asyncMap { try await customer(loginID: $0).id }
        return try await database.read { db in try await TransferRecords.list(db, customerID: customerID, limit: limit) }
    }

    /// `kyoei admin transfer-limit`: the customer's limit now, whether it is the bank's
    /// default, and what is left today.
    public func dailyLimitStatus(loginID: String) async throws -> DailyLimitStatus {
        let customer = try await customer(loginID: loginID)
        let now = clock.now()
        return try await database.read { db in
            let own = try await db.raw("SELECT daily_transfer_limit FROM customers WHERE id = \(bind: customer.id)").first()?
                .decode(column: "daily_transfer_limit", as: Int64?.self)
            let limit = own.map(Yen.init) ?? settings.transfers.dailyLimit
            let used = try await TransferRecords.amountOnDay(db, customerID: customer.id, day: TransferLimit.day(of: now).description)
            return DailyLimitStatus(limit: limit, remainingToday: TransferLimit.remaining(limit: limit, usedToday: used),
                                    isDefault: own == nil)
        }
    }
}
