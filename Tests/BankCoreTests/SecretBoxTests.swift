import BankCore
import Crypto
import Foundation
import Testing

@Suite struct SecretBoxTests {
    /// Deterministic bytes, so the keys in these tests are the same every run.
    struct CountingRandom: RandomSource {
        let start: UInt8
        func bytes(_ count: Int) -> [UInt8] { (0..<count).map { start &+ UInt8(truncatingIfNeeded: $0) } }
    }

    static let oldKey = SecretKeyRing.generateKey(random: CountingRandom(start: 0))
    static let newKey = SecretKeyRing.generateKey(random: CountingRandom(start: 100))

    @Test func generatedKeysParse() throws {
        #expect(Data(base64Encoded: Self.oldKey)?.count == 32)
        #expect(SecretKeyRing.generateKey(random: SystemRandomSource()) != SecretKeyRing.generateKey(random: SystemRandomSource()))
        let ring = try SecretKeyRing.parse(" k2026:\(Self.newKey) , k2025:\(Self.oldKey)\n")
        #expect(ring.currentKeyID == "k2026")
        #expect(ring.keyIDs == ["k2026", "k2025"])
        #expect(!"\(ring)".contains(Self.newKey) && !"\(ring)".contains(Self.oldKey))
    }

    @Test func roundTripWithAssociatedData() throws {
        let ring = try SecretKeyRing.parse("k1:\(Self.oldKey)")
        let secret = TOTP.generateSecret(random: SystemRandomSource())
        let customer = Array("customer:42".utf8)
        let sealed = try ring.seal(secret, associatedData: customer)
        #expect(sealed.hasPrefix("v1.k1."))
        #expect(!sealed.contains("=") && !sealed.contains("+") && !sealed.contains("/"))
        #expect(try ring.open(sealed, associatedData: customer) == secret)
        // A fresh nonce each time: the same plaintext never seals to the same string.
        #expect(try ring.seal(secret, associatedData: customer) != sealed)
        #expect(try ring.open(try ring.seal([])) == [])
        #expect(!ring.needsReseal(sealed))
    }

    @Test func rotation() throws {
        let before = try SecretKeyRing.parse("old:\(Self.oldKey)")
        let sealed = try before.seal(Array("seed".utf8), associatedData: [7])
        let after = try SecretKeyRing.parse("new:\(Self.newKey),old:\(Self.oldKey)")
        #expect(after.needsReseal(sealed))
        #expect(try after.open(sealed, associatedData: [7]) == Array("seed".utf8))
        let resealed = try after.seal(try after.open(sealed, associatedData: [7]), associatedData: [7])
        #expect(resealed.hasPrefix("v1.new."))
        #expect(!after.needsReseal(resealed))
        #expect(throws: SecretBoxError.unknownKeyID("new")) { try before.open(resealed, associatedData: [7]) }
        #expect(after.needsReseal("garbage"))
    }

    @Test func tamperingIsDetected() throws {
        let ring = try SecretKeyRing.parse("k1:\(Self.oldKey)")
        let sealed = try ring.seal(Array("seed".utf8), associatedData: Array("customer:1".utf8))
        #expect(throws: SecretBoxError.authenticationFailed) {
            try ring.open(sealed, associatedData: Array("customer:2".utf8))
        }
        #expect(throws: SecretBoxError.authenticationFailed) { try ring.open(sealed) }
        // Flip one character in the payload (keeping it valid base64url).
        var characters = Array(sealed)
        let index = characters.count - 5
        characters[index] = characters[index] == "A" ? "B" : "A"
        #expect(throws: SecretBoxError.authenticationFailed) {
            try ring.open(String(characters), associatedData: Array("customer:1".utf8))
        }
        // Same id, different key: authentication fails too.
        let impostor = try SecretKeyRing.parse("k1:\(Self.newKey)")
        #expect(throws: SecretBoxError.authenticationFailed) {
            try impostor.open(sealed, associatedData: Array("customer:1".utf8))
        }
        let payload = sealed.split(separator: ".")[2]
        #expect(throws: SecretBoxError.unknownKeyID("k9")) { try ring.open("v1.k9.\(payload)") }
        for bad in ["", "v1.k1", "v2.k1.\(payload)", "v1..\(payload)", "v1.k1.", "v1.k1.\(payload).x",
                    "v1.k1.AAAA", "v1.k1.\(payload)==", "v1.k 1.\(payload)"] {
            #expect(throws: SecretBoxError.malformed, "\(bad)") { try ring.open(bad) }
        }
    }

    @Test func parseErrors() {
        let short = Data(count: 16).base64EncodedString()
        let cases: [(String, SecretKeyRingError)] = [
            ("", .empty),
            ("  \n", .empty),
            ("k1", .malformedEntry(position: 1)),
            ("k1:\(Self.oldKey),", .malformedEntry(position: 2)),
            (":\(Self.oldKey)", .invalidKeyID(position: 1)),
            ("k1:\(Self.newKey),bad.id:\(Self.oldKey)", .invalidKeyID(position: 2)),
            ("\(String(repeating: "k", count: 33)):\(Self.oldKey)", .invalidKeyID(position: 1)),
            ("k1:not base64!", .invalidBase64(keyID: "k1")),
            ("k1:\(short)", .wrongKeyLength(keyID: "k1", bytes: 16)),
            ("k1:", .wrongKeyLength(keyID: "k1", bytes: 0)),
            ("k1:\(Self.oldKey),k1:\(Self.newKey)", .duplicateKeyID("k1")),
        ]
        for (text, error) in cases {
            #expect(throws: error, "\(text)") { try SecretKeyRing.parse(text) }
            #expect(!error.description.contains(Self.oldKey))
        }
    }

    @Test func keyedHash() throws {
        let ring = try SecretKeyRing.parse("k1:\(Self.oldKey)")
        let hasher = KeyedHash(ring: ring)
        let stored = hasher.hash("12345678")
        #expect(stored.hasPrefix("v1.k1.") && stored.count == "v1.k1.".count + 64)
        #expect(hasher.hash("12345678") == stored)
        #expect(hasher.verify("12345678", against: stored))
        #expect(!hasher.verify("12345679", against: stored))
        #expect(!hasher.verify("", against: stored))
        #expect(!hasher.verify("12345678", against: "v1.k1.00"))
        #expect(!hasher.verify("12345678", against: "v1.k2." + stored.split(separator: ".")[2]))
        #expect(!hasher.verify("12345678", against: "garbage"))
        // Not a bare SHA-256, and not the plain HMAC under the sealing key (HKDF separates them).
        #expect(!stored.hasSuffix(Hex.encode(SHA256.hash(data: Array("12345678".utf8)))))
        let direct = HMAC<SHA256>.authenticationCode(for: Array("12345678".utf8),
                                                     using: SymmetricKey(data: Data(base64Encoded: Self.oldKey)!))
        #expect(!stored.hasSuffix(Hex.encode(direct)))
        #expect(!hasher.needsRehash(stored))

        // Another key, another hash; after rotation the old hash still verifies.
        let other = KeyedHash(ring: try SecretKeyRing.parse("k1:\(Self.newKey)"))
        #expect(other.hash("12345678") != stored)
        #expect(!other.verify("12345678", against: stored))
        let rotated = KeyedHash(ring: try SecretKeyRing.parse("k2:\(Self.newKey),k1:\(Self.oldKey)"))
        #expect(rotated.verify("12345678", against: stored))
        #expect(rotated.needsRehash(stored))
        #expect(rotated.hash("12345678").hasPrefix("v1.k2."))
    }

    @Test func constantTimeEqual() {
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equal([UInt8](), [UInt8]()))
    }
}
