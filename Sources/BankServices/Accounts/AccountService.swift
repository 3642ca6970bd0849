import BankCore
import BankStore
import Foundation

/// 残高照会 and 入出金明細照会: what the customer's accounts hold and what moved.
public struct AccountService: BankUseCase {
    public let context: BankContext

    /// 残高照会: the customer's accounts with their balances.
    public func balances(by actor: BankActor) async throws -> [AccountView] {
        try await balances(customerID: try actor.requireCustomer())
    }

    /// One customer's accounts, for the customer's screens and the counter's.
    func balances(customerID: Int64) async throws -> [AccountView] {
        try await database.read { db in try await AccountRecords.forCustomer(db, customerID: customerID).map(AccountView.init) }
    }

    /// 入出金明細照会: entries newest first, each with the balance after it. Refuses an account
    /// that is not the customer's exactly as one that does not exist.
    public func statement(by actor: BankActor, accountID: Int64, period: StatementPeriod) async throws -> Statement {
        let customerID = try actor.requireCustomer()
        return try await database.read { db in
            guard let account = try await AccountRecords.find(db, id: accountID), account.customerID == customerID else {
                throw BankError.notYourAccount
            }
            let entries = try await LedgerRecords.statementWithFees(db, accountID: accountID, from: period.from.start,
                                                                    to: period.to.nextDayStart)
            return Statement(account: AccountView(account), period: period, rows: entries.flatMap(StatementRow.rows(for:)))
        }
    }
}
