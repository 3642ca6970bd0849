import Foundation

/// A mail address as registered by the bank: a pragmatic subset of RFC 5321 that mail
/// servers accept everywhere (ASCII local part without quotes, a dotted domain).
public struct MailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String
    public var description: String { value }

    public init(validating raw: String) throws(MailAddressError) {
        let text = TextNormalizer.fullwidthASCIIToHalfwidth(raw).trimmingCharacters(in: .whitespaces)
        if text.isEmpty { throw .empty }
        guard text.count <= 254 else { throw .invalid }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .invalid }
        let local = parts[0], domain = parts[1].lowercased()
        let localAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.")
        guard (1...64).contains(local.count), local.allSatisfy({ localAllowed.contains($0) }) else { throw .invalid }
        // Japanese carriers historically allowed "a..b." local parts, so dots are not policed further.
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { throw .invalid }
        for label in labels {
            guard (1...63).contains(label.count),
                  label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }),
                  label.first != "-", label.last != "-" else { throw .invalid }
        }
        self.value = "\(local)@\(domain)"
    }

    public init(stored: String) { self.value = stored }
}

public enum MailAddressError: Error, Sendable, Equatable {
    case empty, invalid
    public var messageKey: String { self == .empty ? "error.mail.empty" : "error.mail.invalid" }
}
