import BankCore
import BankStore
import Foundation

/// 元帳検証: the double-entry check and what the ledger holds, per account type and per
/// internal account.
public struct LedgerOverview: Sendable, Equatable {
    public var verification: LedgerVerification
    public var totals: LedgerTotals
    /// The accounts a problem names (balance ≠ its entries, negative where it may not be),
    /// so the screen can show their branch and number.
    public var problemAccounts: [Int64: AccountView]
    public var checkedAt: Date
}
