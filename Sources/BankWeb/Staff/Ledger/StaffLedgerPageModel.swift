/// 元帳検証: the double-entry check and the balances it rests on.
struct StaffLedgerPageModel {
    struct Counts {
        let accounts: String
        let transactions: String
        let entries: String
        let sumEntries: String
    }

    /// An account whose balance is not the sum of its entries.
    struct Mismatch {
        let account: String
        let balance: String
        let sumOfEntries: String
    }

    /// A customer account that went below zero.
    struct Negative {
        let account: String
        let balance: String
    }

    struct CustomerType {
        let type: String
        let typeCode: String
        let accounts: String
        let balance: String
    }

    struct InternalAccount {
        let name: String
        let code: String
        let number: String
        let balance: String
    }

    let consistent: Bool
    let checkedAt: String
    let counts: Counts
    let unbalanced: [String]
    let hasUnbalanced: Bool
    let mismatched: [Mismatch]
    let hasMismatched: Bool
    let negative: [Negative]
    let hasNegative: Bool
    let customerTypes: [CustomerType]
    let customerAccounts: String
    let customerTotal: String
    let internalAccounts: [InternalAccount]
    let internalTotal: String
    let grandTotal: String
    let grandTotalOK: Bool
}
