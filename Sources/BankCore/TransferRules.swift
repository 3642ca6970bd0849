import Foundation

/// Why a transfer is refused at execution, each with the message the customer reads.
public enum TransferRefusal: Error, Sendable, Equatable {
    /// 振込限度額: the amount is more than what is left of today's limit.
    case overDailyLimit(remaining: Yen, limit: Yen)
    /// The amount plus the fee is more than the source account can pay.
    case insufficientFunds(available: Yen, needed: Yen)
    /// The destination is the source account itself.
    case sameAccount
    /// The destination account in this bank was closed between the 確認画面 and 実行.
    case destinationClosed

    public var messageKey: String {
        switch self {
        case .overDailyLimit: "error.transfer.over_daily_limit"
        case .insufficientFunds: "error.transfer.insufficient_funds"
        case .sameAccount: "error.transfer.same_account"
        case .destinationClosed: "error.transfer.destination_closed"
        }
    }

    /// `{0}`, `{1}` in the message: amounts as `1,234,567` (the unit is in the message).
    public var messageArguments: [String] {
        switch self {
        case .overDailyLimit(let remaining, let limit): [remaining.grouped, limit.grouped]
        case .insufficientFunds(let available, let needed): [needed.grouped, available.grouped]
        case .sameAccount, .destinationClosed: []
        }
    }
}

/// The checks a transfer passes before anything is written, free of storage.
public enum TransferRules {
    /// The amount as typed, like `Yen.parseInput`, except that a signed amount ("-1000",
    /// "▲1,000", full-width "－１０００") reads as "must be at least 1 yen" rather than
    /// "not a number": that is what the customer meant and what they need to hear.
    public static func parseAmount(_ raw: String) throws(AmountInputError) -> Yen {
        let text = TextNormalizer.fullwidthASCIIToHalfwidth(raw).trimmingCharacters(in: .whitespaces)
        if let sign = text.first, "-−▲△".contains(sign) {
            switch Yen.parseInput(String(text.dropFirst())) {
            case .success, .failure(.notPositive): throw .notPositive  // "-1000" and "-0" alike
            case .failure: break
            }
        }
        switch Yen.parseInput(text) {
        case .success(let amount): return amount
        case .failure(let error): throw error
        }
    }

    /// The source must be able to pay the amount and the fee together, because both are
    /// debited in one ledger transaction. `available` is what the account may spend (its
    /// balance, or more where the account type allows an overdraft).
    public static func checkFunds(available: Yen, amount: Yen, fee: Yen) throws(TransferRefusal) {
        let needed = amount + fee
        if available < needed { throw .insufficientFunds(available: available, needed: needed) }
    }

    /// Money moved from an account to itself would only cost a fee.
    public static func checkDistinct(sourceBank: BankCode, sourceBranch: BranchCode, sourceType: AccountType,
                                     sourceNumber: AccountNumber, destinationBank: BankCode,
                                     destinationBranch: BranchCode, destinationType: AccountType,
                                     destinationNumber: AccountNumber) throws(TransferRefusal) {
        if sourceBank == destinationBank, sourceBranch == destinationBranch,
           sourceType == destinationType, sourceNumber == destinationNumber {
            throw .sameAccount
        }
    }

    /// Every execution check in the order the customer is told about them: the daily limit
    /// first (it does not depend on the balance), then the funds for amount plus fee.
    public static func checkExecution(amount: Yen, fee: Yen, available: Yen,
                                      limit: Yen, usedToday: Yen) throws(TransferRefusal) {
        try TransferLimit.check(amount: amount, limit: limit, usedToday: usedToday)
        try checkFunds(available: available, amount: amount, fee: fee)
    }
}
