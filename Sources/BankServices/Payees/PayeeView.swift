import BankStore

/// A payee as the lists show it: with the bank and branch names from the master.
public struct PayeeView: Sendable, Equatable {
    public var record: PayeeRecord
    public var bankName: String
    public var branchName: String
}

/// 振込・振替先一覧: the customer's own list and the payees registered at the counter.
public struct PayeeLists: Sendable, Equatable {
    public var customerRegistered: [PayeeView]
    public var bankRegistered: [PayeeView]
}
