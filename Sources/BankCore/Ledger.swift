/// One side of a ledger transaction: the change to one account's balance.
public struct Posting: Sendable, Equatable {
    public var accountID: Int64
    public var amount: Yen
    public init(accountID: Int64, amount: Yen) {
        self.accountID = accountID
        self.amount = amount
    }
}

public enum LedgerRuleError: Error, Sendable, Equatable {
    case unbalanced, tooFewPostings, zeroAmount, sameAccountTwice
}

/// The double-entry rule: a transaction's postings sum to zero, touch at least two
/// different accounts and move a non-zero amount each.
public enum LedgerRules {
    public static func validate(_ postings: [Posting]) throws(LedgerRuleError) {
        if postings.count < 2 { throw .tooFewPostings }
        if postings.contains(where: { $0.amount == .zero }) { throw .zeroAmount }
        if Set(postings.map(\.accountID)).count != postings.count { throw .sameAccountTwice }
        if postings.reduce(Int64(0), { $0 + $1.amount.value }) != 0 { throw .unbalanced }
    }
}

/// What `verify-ledger` found.
public struct LedgerVerification: Sendable, Codable, Equatable {
    public struct Mismatch: Sendable, Codable, Equatable {
        public var accountID: Int64
        public var balance: Int64
        public var sumOfEntries: Int64
        public init(accountID: Int64, balance: Int64, sumOfEntries: Int64) {
            self.accountID = accountID; self.balance = balance; self.sumOfEntries = sumOfEntries
        }
    }
    public var accounts: Int
    public var transactions: Int
    public var entries: Int
    public var sumOfAllEntries: Int64
    public var unbalancedTransactions: [Int64]
    public var mismatchedAccounts: [Mismatch]
    public var negativeBalances: [Int64]

    public init(accounts: Int, transactions: Int, entries: Int, sumOfAllEntries: Int64,
                unbalancedTransactions: [Int64], mismatchedAccounts: [Mismatch], negativeBalances: [Int64]) {
        self.accounts = accounts; self.transactions = transactions; self.entries = entries
        self.sumOfAllEntries = sumOfAllEntries; self.unbalancedTransactions = unbalancedTransactions
        self.mismatchedAccounts = mismatchedAccounts; self.negativeBalances = negativeBalances
    }

    public var isConsistent: Bool {
        sumOfAllEntries == 0 && unbalancedTransactions.isEmpty && mismatchedAccounts.isEmpty && negativeBalances.isEmpty
    }
}
