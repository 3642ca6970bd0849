@testable import BankCore
import Foundation
import Testing

/// The shapes sealed values are read in — base64url both ways and `v1.<keyid>.<payload>` —
/// read over bytes exactly as the String and Foundation code they replaced read them (kept
/// below as the references), on valid values and on every kind of wrong one.
@Suite struct SealedTextTests {
    static func referenceEncode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func referenceDecode(_ text: String) -> Data? {
        guard !text.contains(where: { $0 == "+" || $0 == "/" || $0 == "=" }) else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard)
    }

    /// As before, but for text that is not ASCII, now malformed at once (before, such a payload
    /// was split off and then failed to decode: opening and verifying answer as they did).
    static func referenceSplit(_ text: String) -> (keyID: String, payload: String)? {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", SecretKeyRing.isValidKeyID(String(parts[1])), !parts[2].isEmpty else { return nil }
        return (String(parts[1]), String(parts[2]))
    }

    @Test func base64URLReadsAndWritesAsBefore() {
        var generator = SystemRandomNumberGenerator()
        for count in 0..<70 {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Base64URL.encode(bytes)
            #expect(text == Self.referenceEncode(bytes))
            #expect(Base64URL.decode(text) == Data(bytes))
        }
        // Every byte 0xFB, 0xFF: the alphabet's last two letters, written `-` and `_`.
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        let pieces = ["A", "z", "0", "9", "-", "_", "+", "/", "=", " ", "\n", "\r\n", "é", "e\u{301}", "-\u{301}", "円", "AAAA", "QQ"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...9, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Base64URL.decode(text) == Self.referenceDecode(text), "\(text.unicodeScalars.map { $0.value })")
        }
    }

    @Test func aSealedValueSplitsAsBefore() {
        let pieces = ["v1", "v2", ".", "..", "k1", "key_2", "K-3", "A", "x", "-", "_", "é", "\u{301}", ".\u{301}", " ", "\r\n", "円", ""]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...7, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let split = try? SecretKeyRing.split(text)
            let reference = Self.referenceSplit(text)
            #expect(split?.keyID == reference?.keyID && split?.payload == reference?.payload, "\(text.unicodeScalars.map { $0.value })")
        }
        #expect((try? SecretKeyRing.split("v1.k1.QUJD"))?.payload == "QUJD")
    }
}
