import BankCore

/// The three values the customer types at the 初期設定画面, checked and normalised the
/// way the bank compares them (docs/token-provisioning.md), ready to send.
public struct ProvisioningRequest: Sendable, Equatable, Encodable, CustomStringConvertible {
    /// Trimmed service ID, case as typed (the bank ignores case).
    public let serviceID: String
    /// Exactly 10 ASCII digits.
    public let userID: String
    /// 4–8 ASCII digits.
    public let activationPassword: String

    /// Validates and normalises the typed values.
    ///
    /// - Throws: `TokenInputError` naming the first field that is wrong.
    public init(serviceID: String, userID: String, activationPassword: String) throws(TokenInputError) {
        self.serviceID = try Self.validServiceID(serviceID)
        self.userID = try Self.validUserID(userID)
        self.activationPassword = try Self.validActivationPassword(activationPassword)
    }

    /// The service ID trimmed and in half-width, so a screen can check it as soon as it is typed.
    public static func validServiceID(_ text: String) throws(TokenInputError) -> String {
        let service = TextNormalizer.fullwidthASCIIToHalfwidth(text).trimmingWhitespace()
        guard !service.isEmpty else { throw .serviceIDMissing }
        // Printable ASCII only: the bank's IDs are like "KYOEI-IB", and anything else is a
        // paste accident that would only earn a 401.
        guard service.count <= 64, service.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw .serviceIDInvalid
        }
        return service
    }

    /// The user ID as 10 ASCII digits: spaces and hyphens dropped, full-width digits accepted.
    public static func validUserID(_ text: String) throws(TokenInputError) -> String {
        guard let user = digits(text, dropping: userIDSeparators), user.count == 10 else { throw .userIDInvalid }
        return user
    }

    /// The activation password as 4–8 ASCII digits (full-width digits accepted).
    public static func validActivationPassword(_ text: String) throws(TokenInputError) -> String {
        guard let password = digits(text, dropping: []), (4...8).contains(password.count) else {
            throw .activationPasswordInvalid
        }
        return password
    }

    enum CodingKeys: String, CodingKey {
        case serviceID = "service_id", userID = "user_id", activationPassword = "activation_password"
    }

    /// Never shows the activation password, so the value can be printed while debugging.
    public var description: String {
        "ProvisioningRequest(serviceID: \(serviceID), userID: \(userID), activationPassword: <redacted>)"
    }

    /// Hyphen look-alikes a Japanese keyboard produces when the customer copies the
    /// grouping of the mail ("4821-937705"): ASCII and full-width hyphen-minus (the latter
    /// already half-width here), the Unicode hyphens and dashes, the minus sign, and the
    /// long-vowel marks an IME often types for "-".
    static let userIDSeparators: Set<Unicode.Scalar> = [
        "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}", "\u{30FC}", "\u{FF70}",
    ]

    /// Full-width digits become ASCII, spaces (and `dropping`) are ignored; nil when
    /// anything else remains.
    static func digits(_ text: String, dropping: Set<Unicode.Scalar>) -> String? {
        var result = ""
        for scalar in TextNormalizer.fullwidthASCIIToHalfwidth(text).unicodeScalars {
            if scalar == " " || scalar == "\t" || dropping.contains(scalar) { continue }
            guard ("0"..."9").contains(scalar) else { return nil }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}

extension String {
    /// Trims ASCII whitespace and newlines (full-width spaces are half-width by now).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
