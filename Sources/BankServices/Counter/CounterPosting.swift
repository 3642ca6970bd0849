import BankCore
import BankStore
import Foundation
import SQLKit

/// A counter deposit or withdrawal as the result screen shows it.
public struct CounterPosting: Sendable, Equatable {
    public var direction: CounterDirection
    /// The customer's account (its balance as read with the result; the line has the one
    /// right after the posting).
    public var account: AccountView
    /// The account's side of the ledger transaction.
    public var line: StatementLine
    /// True when this form's token had been used already: this is the first posting, and
    /// nothing new was written.
    public var replayed: Bool
}
