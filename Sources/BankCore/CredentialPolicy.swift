import Foundation

/// The written policy for login IDs and passwords (README § Credential policy).
///
/// - ログインID: 6–20 half-width letters and digits, at least one letter; case-insensitive
///   (stored lower-case) so that customers are not locked out by Caps Lock.
/// - ログインパスワード and 確認用パスワード: 8–32 half-width printable ASCII characters,
///   at least one letter and one digit, not containing the login ID; the two must differ.
public enum CredentialPolicy {
    public static let loginIDLength = 6...20
    public static let passwordLength = 8...32

    public static func normalizeLoginID(_ raw: String) -> String {
        TextNormalizer.fullwidthASCIIToHalfwidth(raw).trimmingCharacters(in: .whitespaces).lowercased()
    }

    public static func validateLoginID(_ raw: String) throws(CredentialPolicyError) -> String {
        let id = normalizeLoginID(raw)
        if id.isEmpty { throw .loginIDEmpty }
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { throw .loginIDCharacters }
        guard loginIDLength.contains(id.count) else { throw .loginIDLength }
        guard id.contains(where: { $0.isLetter }) else { throw .loginIDNeedsLetter }
        return id
    }

    public static func validatePassword(_ password: String, loginID: String) throws(CredentialPolicyError) {
        if password.isEmpty { throw .passwordEmpty }
        guard password.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else { throw .passwordCharacters }
        guard passwordLength.contains(password.count) else { throw .passwordLength }
        guard password.contains(where: { $0.isLetter }), password.contains(where: { $0.isNumber }) else {
            throw .passwordNeedsLetterAndDigit
        }
        if !loginID.isEmpty && password.lowercased().contains(loginID.lowercased()) { throw .passwordContainsLoginID }
    }

    public static func validatePair(loginPassword: String, confirmationPassword: String, loginID: String) throws(CredentialPolicyError) {
        try validatePassword(loginPassword, loginID: loginID)
        try validatePassword(confirmationPassword, loginID: loginID)
        if loginPassword == confirmationPassword { throw .passwordsMustDiffer }
    }

    /// A password that satisfies the policy, from the given random source (for the counter's
    /// "generate and print once" option). No look-alike characters (0/O, 1/l/I).
    public static func generatePassword(random: any RandomSource, length: Int = 12) -> String {
        let letters = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ")
        let digits = Array("23456789")
        let all = letters + digits
        while true {
            let bytes = random.bytes(length * 2)
            var out = ""
            for byte in bytes where out.count < length {
                // Rejection sampling keeps the choice uniform.
                let limit = 256 - (256 % all.count)
                if Int(byte) < limit { out.append(all[Int(byte) % all.count]) }
            }
            if out.count == length, out.contains(where: { digits.contains($0) }), out.contains(where: { letters.contains($0) }) {
                return out
            }
        }
    }
}

public enum CredentialPolicyError: Error, Sendable, Equatable {
    case loginIDEmpty, loginIDCharacters, loginIDLength, loginIDNeedsLetter
    case passwordEmpty, passwordCharacters, passwordLength, passwordNeedsLetterAndDigit
    case passwordContainsLoginID, passwordsMustDiffer

    public var messageKey: String {
        switch self {
        case .loginIDEmpty: "error.login_id.empty"
        case .loginIDCharacters: "error.login_id.characters"
        case .loginIDLength: "error.login_id.length"
        case .loginIDNeedsLetter: "error.login_id.needs_letter"
        case .passwordEmpty: "error.password.empty"
        case .passwordCharacters: "error.password.characters"
        case .passwordLength: "error.password.length"
        case .passwordNeedsLetterAndDigit: "error.password.letter_and_digit"
        case .passwordContainsLoginID: "error.password.contains_login_id"
        case .passwordsMustDiffer: "error.password.must_differ"
        }
    }
}
