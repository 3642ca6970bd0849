/// The bank/branch master in memory: bank and branch names for codes, and the clear
/// refusal of a code it does not know.
public struct BankDirectory: Sendable {
    private let branches: [String: BankDirectoryEntry]
    private let banks: Set<BankCode>

    /// Later entries for the same bank and branch replace earlier ones.
    public init(_ entries: [BankDirectoryEntry]) {
        var branches: [String: BankDirectoryEntry] = [:]
        for entry in entries { branches[Self.key(entry.bankCode, entry.branchCode)] = entry }
        self.branches = branches
        self.banks = Set(entries.map(\.bankCode))
    }

    public var isEmpty: Bool { branches.isEmpty }

    /// The entry for a bank and branch. An unknown bank and an unknown branch of a known
    /// bank are told apart: the customer then knows which of the two codes to check.
    public func lookup(bank: BankCode, branch: BranchCode) throws(BankDirectoryError) -> BankDirectoryEntry {
        if let entry = branches[Self.key(bank, branch)] { return entry }
        throw banks.contains(bank) ? .unknownBranch(bank, branch) : .unknownBank(bank)
    }

    /// Every branch of one bank, by branch code (for a branch picker).
    public func branches(of bank: BankCode) -> [BankDirectoryEntry] {
        branches.values.filter { $0.bankCode == bank }.sorted { $0.branchCode.value < $1.branchCode.value }
    }

    private static func key(_ bank: BankCode, _ branch: BranchCode) -> String { "\(bank.value)-\(branch.value)" }
}

/// A code the master does not know.
public enum BankDirectoryError: Error, Sendable, Equatable {
    case unknownBank(BankCode)
    case unknownBranch(BankCode, BranchCode)

    public var messageKey: String {
        switch self {
        case .unknownBank: "error.payee.unknown_bank"
        case .unknownBranch: "error.payee.unknown_branch"
        }
    }

    /// The form field to mark.
    public var field: String {
        switch self {
        case .unknownBank: PayeeInput.Field.bankCode.rawValue
        case .unknownBranch: PayeeInput.Field.branchCode.rawValue
        }
    }

    /// `{0}` (and `{1}`) in the message: the codes as entered.
    public var messageArguments: [String] {
        switch self {
        case .unknownBank(let bank): [bank.value]
        case .unknownBranch(let bank, let branch): [bank.value, branch.value]
        }
    }
}
