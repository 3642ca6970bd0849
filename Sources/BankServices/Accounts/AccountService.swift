import BankCore
import BankStore
import Foundation

/// 残高照会 and 入出金明細照会: what the customer's accounts hold and what moved.
public struct AccountService: BankUseCase {
    public let context: BankContext

    /// 残高照会: the customer's accounts with their balances.
    public func balances(customerID: Int64) async throws -> [AccountRecord] {
        try await database.read { db in try await AccountRecords.forCustomer(db, customerID: customerID) }
    }

    /// 入出金明細照会: entries newest first, each with the balance after it. Refuses an account
    /// that is not the customer's exactly as one that does not exist.
    public func statement(customerID: Int64, accountID: Int64, period: StatementPeriod) async throws -> Statement {
        try await database.read { db in
            guard let account = try await AccountRecords.find(db, id: accountID), account.customerID == customerID else {
                throw BankError.notYourAccount
            }
            let entries = try await LedgerRecords.statementWithFees(db, accountID: accountID, from: period.from.start,
                                                                    to: period.to.nextDayStart)
            return Statement(account: account, period: period, rows: entries.flatMap(StatementRow.rows(for:)))
        }
    }
}
