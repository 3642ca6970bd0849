import Crypto
import Foundation

/// HMAC-SHA256 keyed hashes for short secrets the bank only ever compares: activation
/// passwords and mail passwords. A plain hash of 4–8 digits falls to brute force in
/// moments; without the key (which lives in configuration, not the database) it cannot.
///
/// Stored form: `v1.<keyid>.<64 hex digits>`. The key id lets hashes made before a key
/// rotation still verify, as long as the old key stays in the ring.
public struct KeyedHash: Sendable, CustomStringConvertible {
    /// HKDF info: derives a key of its own, so the HMAC key is never the AES key that
    /// seals token seeds (one key, one purpose).
    static let derivationInfo = Array("kyoei keyed hash".utf8)
    private static let version = "v1"

    private let currentKeyID: String
    private let keys: [String: SymmetricKey]

    public init(ring: SecretKeyRing) {
        currentKeyID = ring.currentKeyID
        var derived: [String: SymmetricKey] = [:]
        for (id, key) in ring.keys {
            derived[id] = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Self.derivationInfo, outputByteCount: 32)
        }
        keys = derived
    }

    /// Keys stay out of logs.
    public var description: String { "KeyedHash(current: \(currentKeyID))" }

    /// The stored form of `value`, under the ring's current key. The caller normalises the
    /// value first (e.g. full-width digits), so that hashing and verifying agree.
    public func hash(_ value: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(value.utf8), using: keys[currentKeyID]!)
        return "\(Self.version).\(currentKeyID).\(Hex.encode(mac))"
    }

    /// Whether `value` is the one hashed into `stored`, using the key `stored` names.
    /// The comparison is constant time (swift-crypto's HMAC check). A malformed string or
    /// an unknown key id is simply false.
    public func verify(_ value: String, against stored: String) -> Bool {
        guard let parts = try? SecretKeyRing.split(stored),
              let key = keys[parts.keyID],
              let mac = Self.decodeHex(parts.payload), mac.count == SHA256.byteCount
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Array(value.utf8), using: key)
    }

    /// True when `stored` was made under another key than the current one: hash the value
    /// again the next time the customer presents it correctly.
    public func needsRehash(_ stored: String) -> Bool {
        guard let parts = try? SecretKeyRing.split(stored) else { return true }
        return parts.keyID != currentKeyID
    }

    static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = Hex.value(ofDigit: digits[index]), let low = Hex.value(ofDigit: digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

/// Comparison whose time does not depend on where two equal-length values first differ,
/// so an attacker cannot learn a secret byte by byte from response times.
public enum ConstantTime {
    /// Lengths are not secret (codes have a fixed length), so differing lengths return at once.
    public static func equal<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
