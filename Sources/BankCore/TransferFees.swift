import Foundation

/// 振込経路: which row of the fee table a transfer falls in.
public enum TransferRoute: String, Sendable, Codable, CaseIterable {
    /// 同一店内: our bank, the source account's own branch.
    case sameBranch = "same_branch"
    /// 本支店宛: our bank, another of its branches.
    case otherBranch = "other_branch"
    /// 他行宛: another bank; accepted now and settled by the interbank batch.
    case otherBank = "other_bank"

    public var labelKey: String { "transfer.route.\(rawValue)" }

    /// Transfers inside the bank settle at once; those to other banks are queued.
    public var settlesAtOnce: Bool { self != .otherBank }

    /// The route from the source account's branch to a destination.
    /// - Parameters:
    ///   - ourBank: this bank's code (configuration, 2999 by default).
    ///   - sourceBranch: the branch of the account the money leaves.
    public static func classify(ourBank: BankCode, sourceBranch: BranchCode,
                                destinationBank: BankCode, destinationBranch: BranchCode) -> TransferRoute {
        // A branch code means nothing without its bank: 001 at another bank is not our 本店.
        if destinationBank != ourBank { return .otherBank }
        return destinationBranch == sourceBranch ? .sameBranch : .otherBranch
    }
}

/// 振込手数料: one pair of fees per route, below and from the 30,000円 threshold.
///
/// The fee is debited from the source account in the same ledger transaction as the
/// transfer, and shown on the confirmation screen before execution.
public struct FeeTable: Sendable, Equatable, CustomStringConvertible {
    /// The fees of one route.
    public struct Tier: Sendable, Equatable {
        /// 3万円未満: amounts up to 29,999円.
        public let belowThreshold: Yen
        /// 3万円以上: amounts of 30,000円 and more.
        public let fromThreshold: Yen
        public init(belowThreshold: Yen, fromThreshold: Yen) {
            self.belowThreshold = belowThreshold
            self.fromThreshold = fromThreshold
        }
    }

    /// Amounts from this one on pay the higher fee (the usual Japanese 3万円 boundary).
    public static let threshold = Yen(30_000)
    /// A fee above this is a typing mistake in the configuration, not a tariff.
    public static let maximumFee = Yen(10_000)

    /// 同一店内 0/0, 本支店宛 110/220, 他行宛 330/550.
    public static let standard = FeeTable(checked: [
        .sameBranch: Tier(belowThreshold: Yen(0), fromThreshold: Yen(0)),
        .otherBranch: Tier(belowThreshold: Yen(110), fromThreshold: Yen(220)),
        .otherBank: Tier(belowThreshold: Yen(330), fromThreshold: Yen(550)),
    ])

    public let sameBranch: Tier
    public let otherBranch: Tier
    public let otherBank: Tier

    /// A table whose every fee is 0…10,000円.
    public init(sameBranch: Tier, otherBranch: Tier, otherBank: Tier) throws(FeeTableError) {
        for (route, tier) in [(TransferRoute.sameBranch, sameBranch), (.otherBranch, otherBranch), (.otherBank, otherBank)] {
            for fee in [tier.belowThreshold, tier.fromThreshold] {
                if fee < .zero { throw .negative(route) }
                if fee > Self.maximumFee { throw .overMaximum(route) }
            }
        }
        self.sameBranch = sameBranch
        self.otherBranch = otherBranch
        self.otherBank = otherBank
    }

    private init(checked tiers: [TransferRoute: Tier]) {
        sameBranch = tiers[.sameBranch]!
        otherBranch = tiers[.otherBranch]!
        otherBank = tiers[.otherBank]!
    }

    public func tier(for route: TransferRoute) -> Tier {
        switch route {
        case .sameBranch: sameBranch
        case .otherBranch: otherBranch
        case .otherBank: otherBank
        }
    }

    /// The fee for transferring `amount` along `route`: 29,999円 pays the lower fee, 30,000円 the higher.
    public func fee(route: TransferRoute, amount: Yen) -> Yen {
        let tier = tier(for: route)
        return amount < Self.threshold ? tier.belowThreshold : tier.fromThreshold
    }

    /// The `KYOEI_TRANSFER_FEES` form: `same_branch=0:0,other_branch=110:220,other_bank=330:550`.
    public var configString: String {
        TransferRoute.allCases.map { route in
            let tier = tier(for: route)
            return "\(route.rawValue)=\(tier.belowThreshold.value):\(tier.fromThreshold.value)"
        }.joined(separator: ",")
    }

    public var description: String { configString }

    /// Reads the `KYOEI_TRANSFER_FEES` form. All three routes are required (a forgotten one
    /// must not silently become free), each once, in any order; spaces around parts are ignored.
    public static func parse(_ text: String) throws(FeeTableError) -> FeeTable {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw .empty }
        var tiers: [TransferRoute: Tier] = [:]
        for rawPart in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let part = rawPart.trimmingCharacters(in: .whitespaces)
            let nameAndFees = part.split(separator: "=", omittingEmptySubsequences: false)
            guard nameAndFees.count == 2 else { throw .malformedPart(part) }
            let name = nameAndFees[0].trimmingCharacters(in: .whitespaces)
            guard let route = TransferRoute(rawValue: name) else { throw .unknownRoute(name) }
            if tiers[route] != nil { throw .duplicateRoute(route) }
            let fees = nameAndFees[1].split(separator: ":", omittingEmptySubsequences: false)
            guard fees.count == 2 else { throw .malformedPart(part) }
            let below = try parseFee(fees[0], route: route)
            let from = try parseFee(fees[1], route: route)
            tiers[route] = Tier(belowThreshold: below, fromThreshold: from)
        }
        for route in TransferRoute.allCases where tiers[route] == nil { throw .missingRoute(route) }
        return try FeeTable(sameBranch: tiers[.sameBranch]!, otherBranch: tiers[.otherBranch]!, otherBank: tiers[.otherBank]!)
    }

    private static func parseFee(_ raw: Substring, route: TransferRoute) throws(FeeTableError) -> Yen {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let digits = text.hasPrefix("-") ? String(text.dropFirst()) : text
        // Only plain digits: Int64("+5") would pass, and "1_000" or "1e3" are not yen.
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notANumber(route, text) }
        if text.hasPrefix("-") { throw .negative(route) }
        // All digits but beyond Int64: certainly over the maximum.
        guard let value = Int64(digits) else { throw .overMaximum(route) }
        let fee = Yen(value)
        if fee > maximumFee { throw .overMaximum(route) }
        return fee
    }
}

/// Why a fee configuration is refused; `description` names the part that is wrong.
public enum FeeTableError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    /// A part that is not `route=fee:fee`.
    case malformedPart(String)
    case unknownRoute(String)
    case duplicateRoute(TransferRoute)
    case missingRoute(TransferRoute)
    case notANumber(TransferRoute, String)
    case negative(TransferRoute)
    case overMaximum(TransferRoute)

    public var messageKey: String {
        switch self {
        case .empty: "error.fee_table.empty"
        case .malformedPart: "error.fee_table.malformed"
        case .unknownRoute: "error.fee_table.unknown_route"
        case .duplicateRoute: "error.fee_table.duplicate_route"
        case .missingRoute: "error.fee_table.missing_route"
        case .notANumber: "error.fee_table.not_a_number"
        case .negative: "error.fee_table.negative"
        case .overMaximum: "error.fee_table.over_maximum"
        }
    }

    /// `{0}` in the message: the part or route at fault.
    public var messageArguments: [String] {
        switch self {
        case .empty: []
        case .malformedPart(let part), .unknownRoute(let part): [part]
        case .duplicateRoute(let route), .missingRoute(let route), .negative(let route), .overMaximum(let route): [route.rawValue]
        case .notANumber(let route, let value): [route.rawValue, value]
        }
    }

    public var description: String {
        let expected = "expected same_branch=0:0,other_branch=110:220,other_bank=330:550"
        return switch self {
        case .empty: "KYOEI_TRANSFER_FEES is empty (\(expected))"
        case .malformedPart(let part): "KYOEI_TRANSFER_FEES: \"\(part)\" is not route=fee:fee (\(expected))"
        case .unknownRoute(let name): "KYOEI_TRANSFER_FEES: unknown route \"\(name)\" (same_branch, other_branch, other_bank)"
        case .duplicateRoute(let route): "KYOEI_TRANSFER_FEES: \(route.rawValue) is given twice"
        case .missingRoute(let route): "KYOEI_TRANSFER_FEES: \(route.rawValue) is missing (\(expected))"
        case .notANumber(let route, let value): "KYOEI_TRANSFER_FEES: \(route.rawValue): \"\(value)\" is not a whole number of yen"
        case .negative(let route): "KYOEI_TRANSFER_FEES: \(route.rawValue): a fee cannot be negative"
        case .overMaximum(let route): "KYOEI_TRANSFER_FEES: \(route.rawValue): a fee may be at most 10000 yen"
        }
    }
}
