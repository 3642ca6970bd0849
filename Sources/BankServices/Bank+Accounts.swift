import BankCore
import BankStore
import Foundation

/// A statement request after validation: one account, one range of Japanese calendar days.
public struct StatementPeriod: Sendable, Equatable {
    public var from: JapanTime.Day
    public var to: JapanTime.Day
    public init(from: JapanTime.Day, to: JapanTime.Day) {
        self.from = from
        self.to = to
    }

    /// The longest range one request may cover (keeps pages and queries bounded).
    public static let maximumDays = 366

    /// Validates what the 入出金明細照会 form sent; empty fields mean the last month.
    public static func parse(from rawFrom: String?, to rawTo: String?, today: JapanTime.Day) -> Result<StatementPeriod, BankError> {
        var errors: [FieldError] = []
        var from = today.adding(months: -1)
        var to = today
        if let rawFrom, !rawFrom.isEmpty {
            if let day = JapanTime.Day(iso: rawFrom) { from = day } else { errors.append(FieldError(field: "from", messageKey: "error.date.invalid")) }
        }
        if let rawTo, !rawTo.isEmpty {
            if let day = JapanTime.Day(iso: rawTo) { to = day } else { errors.append(FieldError(field: "to", messageKey: "error.date.invalid")) }
        }
        if errors.isEmpty {
            if to < from {
                errors.append(FieldError(field: "from", messageKey: "error.date.order"))
            } else if to.start.timeIntervalSince(from.start) > Double(maximumDays) * 86_400 {
                errors.append(FieldError(field: "from", messageKey: "error.date.range_too_long"))
            } else if today < from {
                errors.append(FieldError(field: "from", messageKey: "error.date.future"))
            }
        }
        return errors.isEmpty ? .success(StatementPeriod(from: from, to: to)) : .failure(.invalidInput(errors))
    }
}

public struct Statement: Sendable, Equatable {
    public var account: AccountRecord
    public var period: StatementPeriod
    /// Newest first; a transfer's debit is two rows (amount, then 振込手数料).
    public var rows: [StatementRow]
}

extension Bank {
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

    public func today() -> JapanTime.Day { JapanTime.Day(containing: clock.now()) }
}
