import Crypto
import Foundation

/// The shape of the one-time passwords: how many digits, how long a step, which HMAC.
public struct TOTPParameters: Sendable, Hashable {
    public var digits: Int
    /// Seconds per step.
    public var step: Int
    public var algorithm: TOTP.Algorithm

    /// Defaults are the bank's rule (6 digits, 60 s, HMAC-SHA1), which every standard
    /// authenticator app understands.
    public init(digits: Int = 6, step: Int = 60, algorithm: TOTP.Algorithm = .sha1) {
        // Parameters come from code, never from a customer, so a bad value is a bug.
        precondition((1...9).contains(digits), "TOTP digits must be 1...9")
        precondition(step > 0, "TOTP step must be positive")
        self.digits = digits
        self.step = step
        self.algorithm = algorithm
    }

    /// The bank's parameters: 6 digits, 60-second step, HMAC-SHA1.
    public static let bank = TOTPParameters()
}

/// HOTP (RFC 4226) and TOTP (RFC 6238). Pure functions: the caller passes the time, the
/// randomness and the last accepted step, and stores the step `verify` returns.
public enum TOTP {
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case sha1 = "SHA1", sha256 = "SHA256", sha512 = "SHA512"
    }

    /// 160 bits: the secret length RFC 4226 recommends and authenticator apps expect.
    public static let secretByteCount = 20

    /// A fresh token secret from the given CSPRNG.
    public static func generateSecret(random: any RandomSource) -> [UInt8] {
        random.bytes(secretByteCount)
    }

    /// The HOTP value for `counter`, zero-padded to `digits`.
    public static func hotp(secret: [UInt8], counter: UInt64, digits: Int = 6, algorithm: Algorithm = .sha1) -> String {
        precondition((1...9).contains(digits), "HOTP digits must be 1...9")
        let key = SymmetricKey(data: secret)
        let message = withUnsafeBytes(of: counter.bigEndian) { Array($0) }
        let mac: [UInt8] = switch algorithm {
        case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        // Dynamic truncation (RFC 4226 §5.3): the low nibble of the last byte picks 4 bytes.
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The step number at `date`: whole steps since the Unix epoch (rounded down, so the
    /// step changes exactly on a multiple of `step` seconds).
    public static func step(at date: Date, step: Int) -> Int64 {
        precondition(step > 0, "TOTP step must be positive")
        return Int64((date.timeIntervalSince1970 / Double(step)).rounded(.down))
    }

    /// The code an authenticator app shows at `date`.
    public static func code(secret: [UInt8], at date: Date, parameters: TOTPParameters = .bank) -> String {
        let counter = step(at: date, step: parameters.step)
        return hotp(secret: secret, counter: UInt64(clamping: counter),
                    digits: parameters.digits, algorithm: parameters.algorithm)
    }

    /// Checks a code typed by the customer. Accepts the current step and `window` steps
    /// either side (clock drift, a code typed just as it changed), but never a step at or
    /// before `lastAcceptedStep`, so no code, and no older code, is accepted twice.
    ///
    /// - Returns: the matched step, which the caller must store as the new last accepted
    ///   step (atomically, so that several server processes agree), or nil.
    public static func verify(code: String, secret: [UInt8], at date: Date, lastAcceptedStep: Int64?,
                              window: Int = 1, parameters: TOTPParameters = .bank) -> Int64? {
        precondition(window >= 0, "TOTP window must not be negative")
        guard let typed = normalize(code, digits: parameters.digits) else { return nil }
        let current = step(at: date, step: parameters.step)
        var matched: Int64?
        // Every candidate is computed and compared, whatever matches, so the time taken
        // does not reveal which step (if any) the code belongs to.
        for offset in -window...window {
            let (candidate, overflow) = current.addingReportingOverflow(Int64(offset))
            guard !overflow, candidate >= 0 else { continue }
            if let last = lastAcceptedStep, candidate <= last { continue }
            let expected = hotp(secret: secret, counter: UInt64(candidate),
                                digits: parameters.digits, algorithm: parameters.algorithm)
            // Keep the latest matching step: should one code match two steps by chance,
            // storing the later one stops the same code from being accepted again.
            if ConstantTime.equal(Array(expected.utf8), typed) { matched = candidate }
        }
        return matched
    }

    /// Customers type codes on phones and Japanese keyboards: full-width digits become
    /// ASCII, and spaces (apps show "123 456") are dropped. Anything else is refused.
    static func normalize(_ code: String, digits: Int) -> [UInt8]? {
        let halfwidth = TextNormalizer.fullwidthASCIIToHalfwidth(code)
        var result: [UInt8] = []
        for scalar in halfwidth.unicodeScalars {
            if scalar == " " || scalar == "\t" { continue }
            guard scalar.isASCII, ("0"..."9").contains(scalar) else { return nil }
            result.append(UInt8(scalar.value))
        }
        return result.count == digits ? result : nil
    }

    /// The `otpauth://` URI authenticator apps read (usually from a QR code), as described by
    /// the Google Authenticator key URI format. The issuer may be Japanese; everything outside
    /// the URI unreserved characters is percent-encoded as UTF-8.
    public static func provisioningURI(secret: [UInt8], issuer: String, account: String,
                                       parameters: TOTPParameters = .bank) -> String {
        // The colon between issuer and account is the label's separator, so it stays literal.
        let label = percentEncode(issuer) + ":" + percentEncode(account)
        let query = [
            ("secret", Base32.encode(secret)),
            ("issuer", issuer),
            ("algorithm", parameters.algorithm.rawValue),
            ("digits", String(parameters.digits)),
            ("period", String(parameters.step)),
        ].map { "\($0.0)=\(percentEncode($0.1))" }.joined(separator: "&")
        return "otpauth://totp/\(label)?\(query)"
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters. Written out
    /// because Foundation's character sets count non-ASCII letters as alphanumeric.
    static func percentEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
