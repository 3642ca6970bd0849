import BankCore
import BankStore
import Foundation
import SQLKit

/// A transfer to another bank in the 他行振込 queue, with whom it is from and where it goes.
public struct InterbankEntry: Sendable, Equatable {
    public var transfer: TransferView
    public var loginID: String
    public var customerName: String
    public var bankName: String
    public var branchName: String
}
