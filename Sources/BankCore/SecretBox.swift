import Crypto
import Foundation

/// Why `KYOEI_SECRET_KEYS` could not be read. The messages never contain key material,
/// so they are safe to print and log.
public enum SecretKeyRingError: Error, Equatable, CustomStringConvertible {
    case empty
    /// The entry at this (1-based) position is not `id:BASE64KEY`.
    case malformedEntry(position: Int)
    case invalidKeyID(position: Int)
    case duplicateKeyID(String)
    case invalidBase64(keyID: String)
    case wrongKeyLength(keyID: String, bytes: Int)

    public var description: String {
        switch self {
        case .empty: "KYOEI_SECRET_KEYS is empty: expected \"id:BASE64KEY[,id:BASE64KEY…]\""
        case .malformedEntry(let position): "KYOEI_SECRET_KEYS entry \(position) is not \"id:BASE64KEY\""
        case .invalidKeyID(let position): "KYOEI_SECRET_KEYS entry \(position): the key id must be 1–32 of A–Z a–z 0–9 _ -"
        case .duplicateKeyID(let id): "KYOEI_SECRET_KEYS: key id \"\(id)\" appears twice"
        case .invalidBase64(let id): "KYOEI_SECRET_KEYS: key \"\(id)\" is not valid base64"
        case .wrongKeyLength(let id, let bytes): "KYOEI_SECRET_KEYS: key \"\(id)\" has \(bytes) bytes, expected 32"
        }
    }
}

/// Why a sealed secret could not be opened.
public enum SecretBoxError: Error, Equatable, CustomStringConvertible {
    /// Not of the form `v1.<keyid>.<base64url>`.
    case malformed
    case unknownKeyID(String)
    /// The ciphertext was altered, or the associated data (the row it belongs to) differs.
    case authenticationFailed

    public var description: String {
        switch self {
        case .malformed: "sealed secret is malformed (expected v1.<keyid>.<base64url>)"
        case .unknownKeyID(let id): "sealed secret uses key id \"\(id)\", which is not in KYOEI_SECRET_KEYS"
        case .authenticationFailed: "sealed secret failed authentication: tampered, or bound to another row"
        }
    }
}

/// The keys that encrypt secrets at rest (token seeds). The first key seals; every key
/// opens, so a new key can be put first and old ciphertexts re-sealed at leisure.
public struct SecretKeyRing: Sendable, CustomStringConvertible {
    public static let keyByteCount = 32
    private static let version = "v1"

    let keys: [(id: String, key: SymmetricKey)]

    /// - Precondition: at least one key, valid unique ids, 32-byte keys. Configuration
    ///   goes through `parse`, which reports these as errors instead.
    public init(keys: [(id: String, key: SymmetricKey)]) {
        precondition(!keys.isEmpty, "a key ring needs at least one key")
        precondition(keys.allSatisfy { Self.isValidKeyID($0.id) }, "invalid key id")
        precondition(Set(keys.map(\.id)).count == keys.count, "duplicate key id")
        precondition(keys.allSatisfy { $0.key.bitCount == Self.keyByteCount * 8 }, "keys must be 256 bits")
        self.keys = keys
    }

    /// Reads the `KYOEI_SECRET_KEYS` format: `id1:BASE64KEY,id0:BASE64KEY` (current key first).
    public static func parse(_ text: String) throws(SecretKeyRingError) -> SecretKeyRing {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        var keys: [(id: String, key: SymmetricKey)] = []
        for (index, rawEntry) in trimmed.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let position = index + 1
            let entry = rawEntry.trimmingCharacters(in: .whitespaces)
            guard let colon = entry.firstIndex(of: ":") else { throw .malformedEntry(position: position) }
            let id = String(entry[..<colon])
            let encoded = String(entry[entry.index(after: colon)...])
            guard isValidKeyID(id) else { throw .invalidKeyID(position: position) }
            guard !keys.contains(where: { $0.id == id }) else { throw .duplicateKeyID(id) }
            guard let bytes = Data(base64Encoded: encoded) else { throw .invalidBase64(keyID: id) }
            guard bytes.count == keyByteCount else { throw .wrongKeyLength(keyID: id, bytes: bytes.count) }
            keys.append((id, SymmetricKey(data: bytes)))
        }
        return SecretKeyRing(keys: keys)
    }

    /// A new key for `KYOEI_SECRET_KEYS`: base64 of 32 random bytes.
    public static func generateKey(random: any RandomSource) -> String {
        Data(random.bytes(keyByteCount)).base64EncodedString()
    }

    static func isValidKeyID(_ id: String) -> Bool {
        (1...32).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }

    /// The id of the key that seals.
    public var currentKeyID: String { keys[0].id }
    public var keyIDs: [String] { keys.map(\.id) }

    /// Only ids: a ring printed into a log must not leak its keys.
    public var description: String { "SecretKeyRing(\(keyIDs.joined(separator: ",")))" }

    func key(for id: String) -> SymmetricKey? { keys.first { $0.id == id }?.key }

    /// Encrypts with AES-256-GCM under the current key: `v1.<keyid>.<base64url(nonce|ciphertext|tag)>`.
    /// `associatedData` (e.g. the customer id) is authenticated but not stored: opening with
    /// different data fails, so a ciphertext copied to another row is useless there.
    ///
    /// The 96-bit nonce comes from swift-crypto's system CSPRNG rather than an injected
    /// `RandomSource` on purpose: a repeated nonce under one key breaks GCM completely, and a
    /// fixed test source must never be able to cause that. Nothing compares ciphertexts.
    public func seal(_ plaintext: [UInt8], associatedData: [UInt8] = []) throws -> String {
        let box = try AES.GCM.seal(plaintext, using: keys[0].key, authenticating: associatedData)
        guard let combined = box.combined else { throw SecretBoxError.malformed }  // only for non-12-byte nonces
        return "\(Self.version).\(currentKeyID).\(Base64URL.encode(combined))"
    }

    /// Decrypts a value sealed with any key in the ring.
    public func open(_ sealed: String, associatedData: [UInt8] = []) throws(SecretBoxError) -> [UInt8] {
        let (id, payload) = try Self.split(sealed)
        guard let key = key(for: id) else { throw .unknownKeyID(id) }
        // 12-byte nonce + 16-byte tag is the least a valid box can be.
        guard let combined = Base64URL.decode(payload), combined.count >= 28 else { throw .malformed }
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            return Array(try AES.GCM.open(box, using: key, authenticating: associatedData))
        } catch {
            throw .authenticationFailed
        }
    }

    /// True when `sealed` was not sealed with the current key (or cannot be read): after a
    /// rotation the caller opens it and seals it again.
    public func needsReseal(_ sealed: String) -> Bool {
        guard let parts = try? Self.split(sealed) else { return true }
        return parts.keyID != currentKeyID
    }

    /// Splits `v1.<keyid>.<payload>`; shared with `KeyedHash`, whose strings have the same shape.
    /// Read over its bytes (a split by Character cost ~33,000 instructions per sealed value
    /// opened, callgrind, issue 20); a sealed value is ASCII, anything else is malformed.
    static func split(_ text: String) throws(SecretBoxError) -> (keyID: String, payload: String) {
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { throw .malformed }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].elementsEqual(version.utf8), let keyID = String(parts[1]), isValidKeyID(keyID),
              !parts[2].isEmpty, let payload = String(parts[2]) else {
            throw .malformed
        }
        return (keyID, payload)
    }
}

/// Base64 with the URL- and filename-safe alphabet and no padding (RFC 4648 §5), so sealed
/// values need no escaping anywhere.
///
/// Both ways over bytes: Foundation's `replacingOccurrences`, twice per value, was ~110,000
/// instructions per sealed value opened (callgrind, issue 20) against ~9,000 for AES-GCM itself.
enum Base64URL {
    static func encode(_ bytes: some DataProtocol) -> String {
        var text = Array(Data(bytes).base64EncodedData())
        text.removeAll { $0 == UInt8(ascii: "=") }
        for index in text.indices {
            switch text[index] {
            case UInt8(ascii: "+"): text[index] = UInt8(ascii: "-")
            case UInt8(ascii: "/"): text[index] = UInt8(ascii: "_")
            default: break
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes, or nil when `text` is not unpadded base64url (the standard alphabet's `+`,
    /// `/` and padding are refused).
    static func decode(_ text: String) -> Data? {
        var standard = Array(text.utf8)
        for index in standard.indices {
            switch standard[index] {
            case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="): return nil
            case UInt8(ascii: "-"): standard[index] = UInt8(ascii: "+")
            case UInt8(ascii: "_"): standard[index] = UInt8(ascii: "/")
            default: break
            }
        }
        standard.append(contentsOf: repeatElement(UInt8(ascii: "="), count: (4 - standard.count % 4) % 4))
        return Data(base64Encoded: Data(standard))
    }
}
