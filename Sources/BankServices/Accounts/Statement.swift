import BankStore

/// 入出金明細照会: one account's entries over one period.
public struct Statement: Sendable, Equatable {
    public var account: AccountView
    public var period: StatementPeriod
    /// Newest first; a transfer's debit is two rows (amount, then 振込手数料).
    public var rows: [StatementRow]
}
