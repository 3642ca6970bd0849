/// A payee as typed (on the web form or at the counter), before any check.
public struct PayeeForm: Sendable, Equatable {
    public var bankCode: String
    public var branchCode: String
    public var accountType: String
    public var accountNumber: String
    public var holderName: String

    public init(bankCode: String, branchCode: String, accountType: String, accountNumber: String, holderName: String) {
        self.bankCode = bankCode; self.branchCode = branchCode; self.accountType = accountType
        self.accountNumber = accountNumber; self.holderName = holderName
    }

    var choice: DestinationChoice {
        .other(bankCode: bankCode, branchCode: branchCode, accountType: accountType, accountNumber: accountNumber,
               holderName: holderName)
    }
}
