import BankCore
import BankStore
import Foundation
import SQLKit

/// A customer opened at the counter, with the two passwords generated for the sealed letter.
/// The passwords live only in this value: the database has their hashes, no log or audit
/// row has them, and the screen shows them once.
public struct CounterCustomerOpened: Sendable {
    /// The customer as the back office shows them (never a password hash).
    public var customer: CustomerSummary
    /// The accounts opened together with the customer.
    public var accounts: [AccountView]
    /// Nil on a second submission of the same form (`replayed`): they were shown on the first
    /// answer only and cannot be shown again.
    public var loginPassword: String?
    public var confirmationPassword: String?

    /// True when this form had been submitted already: this is the customer it created, and
    /// nothing new was written.
    public var replayed: Bool { loginPassword == nil }
}
