import Foundation

/// 科目: the account types a Japanese bank account can have, with their Zengin codes.
public enum AccountType: String, Sendable, Codable, CaseIterable {
    case ordinary   // 普通
    case current    // 当座
    case savings    // 貯蓄

    public var zenginCode: String {
        switch self {
        case .ordinary: "1"
        case .current: "2"
        case .savings: "4"
        }
    }

    public var labelKey: String { "account_type.\(rawValue)" }

    /// Accepts the stored name, the Zengin code or the Japanese label.
    public init?(input: String) {
        switch input.trimmingCharacters(in: .whitespaces).lowercased() {
        case "ordinary", "1", "普通": self = .ordinary
        case "current", "2", "当座": self = .current
        case "savings", "4", "貯蓄": self = .savings
        default: return nil
        }
    }
}

/// A fixed-length string of ASCII digits (bank code 4, branch code 3, account number 7).
public protocol DigitCode: Sendable, Hashable, CustomStringConvertible {
    static var length: Int { get }
    var value: String { get }
    init(unchecked value: String)
}

extension DigitCode {
    public var description: String { value }

    public init(validating raw: String) throws(DigitCodeError) {
        let text = TextNormalizer.fullwidthASCIIToHalfwidth(raw).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { throw .empty }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notDigits }
        guard text.count == Self.length else { throw .wrongLength(expected: Self.length) }
        self.init(unchecked: text)
    }
}

public enum DigitCodeError: Error, Sendable, Equatable {
    case empty, notDigits, wrongLength(expected: Int)
}

public struct BankCode: DigitCode, Codable {
    public static let length = 4
    public let value: String
    public init(unchecked value: String) { self.value = value }
}

public struct BranchCode: DigitCode, Codable {
    public static let length = 3
    public let value: String
    public init(unchecked value: String) { self.value = value }
}

public struct AccountNumber: DigitCode, Codable {
    public static let length = 7
    public let value: String
    public init(unchecked value: String) { self.value = value }

    public init(sequence: Int) { self.value = String(repeating: "0", count: max(0, 7 - String(sequence).count)) + String(sequence) }

    /// `****567`: what mails and audit trails show.
    public var masked: String { String(repeating: "*", count: 4) + value.suffix(3) }
}
