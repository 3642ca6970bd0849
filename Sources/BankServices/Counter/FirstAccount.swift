import BankCore
import BankStore
import Foundation
import SQLKit

/// The first account opened together with a new customer.
public struct FirstAccount: Sendable, Equatable {
    public var branch: String
    public var type: AccountType

    public init(branch: String, type: AccountType) {
        self.branch = branch
        self.type = type
    }
}
