import BankCore
import BankServices
import BankText

/// 残高照会 (GET /accounts) and 入出金明細照会 (GET /accounts/{accountId}/transactions):
/// `bank.accounts.balances` and `bank.accounts.statement`, with the period checked by the same
/// `StatementPeriod.parse` as the page. An account of another customer answers 404 like one
/// that does not exist.
extension APIHandler {
    func listAccounts(_ input: Operations.ListAccounts.Input) async throws -> Operations.ListAccounts.Output {
        let caller = try APICaller.customer()
        let accounts = try await bank.accounts.balances(by: caller.actor)
        return .ok(.init(body: .json(.init(accounts: accounts.map(Components.Schemas.Account.init)))))
    }

    func listAccountTransactions(_ input: Operations.ListAccountTransactions.Input) async throws
        -> Operations.ListAccountTransactions.Output {
        let caller = try APICaller.customer()
        let paging = try APIPaging(page: input.query.page, perPage: input.query.perPage)
        let period = try StatementPeriod.parse(from: input.query.from, to: input.query.to, today: bank.today()).get()
        let statement = try await bank.accounts.statement(by: caller.actor, accountID: input.path.accountId, period: period)
        let page = Components.Schemas.TransactionPage(
            account: .init(statement.account), from: period.from.iso, to: period.to.iso,
            transactions: paging.slice(statement.rows).map(Components.Schemas.Transaction.init),
            paging: paging.info(total: statement.rows.count))
        return .ok(.init(body: .json(page)))
    }
}

extension Components.Schemas.Account {
    init(_ account: AccountView) {
        self.init(id: account.id,
                  branch: .init(code: account.branchCode, name: account.branchNameJa, nameEn: account.branchNameEn),
                  accountType: .init(account.accountType), accountTypeName: Language.ja.text(account.accountType.labelKey),
                  accountNumber: account.accountNumber, holderName: account.holderName, balance: account.balance.value)
    }
}

extension Components.Schemas.AccountType {
    init(_ type: AccountType) {
        switch type {
        case .ordinary: self = .ordinary
        case .current: self = .current
        case .savings: self = .savings
        }
    }
}

extension Components.Schemas.Transaction {
    init(_ row: StatementRow) {
        let (kind, counterparty): (Components.Schemas.TransactionKind, String?) = switch row.summary {
        case .transferSent(let name): (.transferSent, name)
        case .transferReceived(let name): (.transferReceived, name)
        case .transferFee: (.transferFee, nil)
        case .ownTransfer: (.ownTransfer, nil)
        case .transferReturned(let name): (.transferReturned, name)
        case .entry: (.other, nil)
        }
        self.init(entryId: row.entryID, at: row.at, kind: kind, summary: row.summary.text(.ja), summaryEn: row.summary.text(.en),
                  counterparty: counterparty, amount: row.amount.value, balance: row.balanceAfter.value)
    }
}
