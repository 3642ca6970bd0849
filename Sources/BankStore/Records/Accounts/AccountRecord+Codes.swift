import BankCore

extension AccountRecord {
    /// The branch code as the rules take it. The store holds only codes that were valid when
    /// written, so no check is repeated here.
    public var branch: BranchCode { BranchCode(unchecked: branchCode) }
    /// The account number as the rules take it (valid when written, like `branch`).
    public var number: AccountNumber { AccountNumber(unchecked: accountNumber) }
}
