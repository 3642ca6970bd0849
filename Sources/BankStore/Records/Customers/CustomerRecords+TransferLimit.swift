import BankCore
import Foundation
import SQLKit

extension CustomerRecords {
    /// The 振込限度額 the bank set for this customer; nil: none, the bank's default applies.
    public static func dailyTransferLimit(_ db: any SQLDatabase, customerID: Int64) async throws -> Yen? {
        let row = try await db.raw("SELECT daily_transfer_limit FROM customers WHERE id = \(bind: customerID)").first()
        return try row?.decode(column: "daily_transfer_limit", as: Int64?.self).map(Yen.init)
    }

    /// Takes the customer's row for the rest of the transaction (as `lockForChange`) and reads
    /// its own 振込限度額 in the same statement: a transfer's first step. `found` is false for an unknown customer.
    public static func lockForTransfer(_ db: any SQLDatabase, customerID: Int64) async throws -> (found: Bool, ownLimit: Yen?) {
        let row = try await db.raw(lockForTransferStatement(customerID: customerID)).first()
        guard let row else { return (false, nil) }
        return (true, try row.decode(column: "daily_transfer_limit", as: Int64?.self).map(Yen.init))
    }

    /// The lock as a statement, also the first part of 実行's (`TransferExecutionRecords.claim`).
    static func lockForTransferStatement(customerID: Int64) -> SQLQueryString {
        "UPDATE customers SET status = status WHERE id = \(bind: customerID) RETURNING id, daily_transfer_limit"
    }

    /// Sets the customer's own 振込限度額 (nil: back to the bank's default).
    public static func setDailyTransferLimit(_ db: any SQLDatabase, customerID: Int64, _ limit: Yen?) async throws {
        try await db.raw("UPDATE customers SET daily_transfer_limit = \(bind: limit?.value) WHERE id = \(bind: customerID)").run()
    }
}
