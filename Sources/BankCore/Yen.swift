import Foundation

/// An amount of money in whole yen. Never floating point.
public struct Yen: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var value: Int64

    public init(_ value: Int64) { self.value = value }

    public static let zero = Yen(0)
    /// The largest amount a customer may enter: 999,999,999,999 yen (12 digits).
    public static let maximumInput = Yen(999_999_999_999)

    public static func < (lhs: Yen, rhs: Yen) -> Bool { lhs.value < rhs.value }
    public static func + (lhs: Yen, rhs: Yen) -> Yen { Yen(lhs.value + rhs.value) }
    public static func - (lhs: Yen, rhs: Yen) -> Yen { Yen(lhs.value - rhs.value) }
    public static prefix func - (amount: Yen) -> Yen { Yen(-amount.value) }

    /// `1,234,567円`, `-1,234円`.
    public var formatted: String { Yen.groupDigits(value) + "円" }

    /// `1,234,567` without the unit.
    public var grouped: String { Yen.groupDigits(value) }

    public var description: String { formatted }

    static func groupDigits(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// Parses what a person types as an amount: digits, optionally with thousands separators,
    /// full-width digits, and a trailing 円. Refuses signs, decimals, zero and anything over 12 digits.
    public static func parseInput(_ raw: String) -> Result<Yen, AmountInputError> {
        let normalized = TextNormalizer.fullwidthASCIIToHalfwidth(raw)
            .trimmingCharacters(in: .whitespaces)
        var text = normalized
        if text.hasSuffix("円") { text.removeLast() }
        if text.contains(",") {
            // Thousands separators only where they belong: "1,000" yes, "1,00" no.
            let groups = text.split(separator: ",", omittingEmptySubsequences: false)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                return .failure(.notANumber)
            }
            text = groups.joined()
        }
        if text.isEmpty { return .failure(.empty) }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.notANumber) }
        let significant = text.drop(while: { $0 == "0" })
        if significant.count > 12 { return .failure(.tooLarge) }
        guard let value = Int64(text), value > 0 else { return .failure(.notPositive) }
        return .success(Yen(value))
    }
}

public enum AmountInputError: Error, Sendable, Equatable {
    case empty, notANumber, notPositive, tooLarge

    public var messageKey: String {
        switch self {
        case .empty: "error.amount.empty"
        case .notANumber: "error.amount.not_a_number"
        case .notPositive: "error.amount.not_positive"
        case .tooLarge: "error.amount.too_large"
        }
    }
}
