import BankCore
import BankStore
import Foundation

/// A payee as the lists show it: with the bank and branch names from the master.
public struct PayeeView: Sendable, Equatable {
    public var record: PayeeEntry
    public var bankName: String
    public var branchName: String

    init(record: PayeeRecord, bankName: String, branchName: String) {
        self.record = PayeeEntry(record)
        self.bankName = bankName
        self.branchName = branchName
    }
}

/// The payee itself, as registered (by the customer or at the counter).
public struct PayeeEntry: Sendable, Equatable {
    public var id: Int64
    public var customerID: Int64
    public var kind: PayeeKind
    public var bankCode: String
    public var branchCode: String
    public var accountType: AccountType
    public var accountNumber: String
    public var holderName: String
    public var createdAt: Date
    public var createdBy: String

    init(_ record: PayeeRecord) {
        id = record.id
        customerID = record.customerID
        kind = record.kind
        bankCode = record.bankCode
        branchCode = record.branchCode
        accountType = record.accountType
        accountNumber = record.accountNumber
        holderName = record.holderName
        createdAt = record.createdAt
        createdBy = record.createdBy
    }
}

/// 振込・振替先一覧: the customer's own list and the payees registered at the counter.
public struct PayeeLists: Sendable, Equatable {
    public var customerRegistered: [PayeeView]
    public var bankRegistered: [PayeeView]
}
