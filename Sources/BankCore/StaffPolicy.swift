import Foundation

/// The written policy for staff IDs, staff passwords and staff sessions (README § Back office).
///
/// - 職員ID: like a ログインID (6–20 half-width letters and digits with at least one letter;
///   not case sensitive, stored in lower case).
/// - Password: 12–64 half-width printable ASCII characters with at least one letter and one
///   digit, not containing the staff ID. Longer than a customer's: staff see every customer.
/// - Sessions: 5 minutes idle and 8 hours at most (a working day), shorter than a customer's
///   idle time because a back-office screen left open at a counter shows other people's data.
/// - Codes: TOTP with the parameters every RFC 6238 app uses by default (6 digits, 30 s,
///   HMAC-SHA1), not the customers' 60 s: staff use any authenticator app, and some apps
///   ignore the `period` of an otpauth URI. ±1 step for drift.
public struct StaffPolicy: Sendable, Equatable {
    public static let staffIDLength = CredentialPolicy.loginIDLength
    public static let passwordLength = 12...64
    public static let nameLength = 1...40

    public var sessions: SessionPolicy
    public var totp: TOTPParameters
    /// Steps either side of the current one accepted for clock drift.
    public var totpWindow: Int

    public init(sessions: SessionPolicy = SessionPolicy(idleTimeout: 300, absoluteTimeout: 8 * 3600),
                totp: TOTPParameters = TOTPParameters(digits: 6, step: 30, algorithm: .sha1), totpWindow: Int = 1) {
        self.sessions = sessions
        self.totp = totp
        self.totpWindow = totpWindow
    }

    public static func normalizeStaffID(_ raw: String) -> String {
        CredentialPolicy.normalizeLoginID(raw)
    }

    public static func validateStaffID(_ raw: String) throws(StaffPolicyError) -> String {
        do {
            return try CredentialPolicy.validateLoginID(raw)
        } catch {
            switch error {
            case .loginIDEmpty: throw .staffIDEmpty
            case .loginIDLength: throw .staffIDLength
            case .loginIDNeedsLetter: throw .staffIDNeedsLetter
            default: throw .staffIDCharacters
            }
        }
    }

    /// The name as stored (trimmed), or an error: one line of at most 40 characters.
    public static func validateName(_ raw: String) throws(StaffPolicyError) -> String {
        let name = raw.trimmingCharacters(in: .whitespaces)
        guard nameLength.contains(name.count), !name.contains(where: \.isNewline) else { throw .nameInvalid }
        return name
    }

    public static func validatePassword(_ password: String, staffID: String) throws(StaffPolicyError) {
        if password.isEmpty { throw .passwordEmpty }
        guard password.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else { throw .passwordCharacters }
        guard passwordLength.contains(password.count) else { throw .passwordLength }
        guard password.contains(where: { $0.isLetter }), password.contains(where: { $0.isNumber }) else {
            throw .passwordNeedsLetterAndDigit
        }
        if !staffID.isEmpty && password.lowercased().contains(staffID.lowercased()) { throw .passwordContainsStaffID }
    }

    /// A password that satisfies the policy, for `--generate-password` (printed once).
    public static func generatePassword(random: any RandomSource) -> String {
        CredentialPolicy.generatePassword(random: random, length: 16)
    }
}

public enum StaffPolicyError: Error, Sendable, Equatable {
    case staffIDEmpty, staffIDCharacters, staffIDLength, staffIDNeedsLetter
    case nameInvalid
    case passwordEmpty, passwordCharacters, passwordLength, passwordNeedsLetterAndDigit, passwordContainsStaffID

    public var messageKey: String {
        switch self {
        case .staffIDEmpty: "error.staff_id.empty"
        case .staffIDCharacters: "error.staff_id.characters"
        case .staffIDLength: "error.staff_id.length"
        case .staffIDNeedsLetter: "error.staff_id.needs_letter"
        case .nameInvalid: "error.staff_name.invalid"
        case .passwordEmpty: "error.password.empty"
        case .passwordCharacters: "error.password.characters"
        case .passwordLength: "error.staff_password.length"
        case .passwordNeedsLetterAndDigit: "error.password.letter_and_digit"
        case .passwordContainsStaffID: "error.staff_password.contains_staff_id"
        }
    }
}
