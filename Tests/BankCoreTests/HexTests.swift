import BankCore
import Crypto
import Foundation
import Testing

@Suite struct HexTests {
    /// Every byte value, against Foundation's formatting, and the empty input.
    @Test func encodesEveryByteInLowerCase() {
        let all = (0...255).map { UInt8($0) }
        #expect(Hex.encode(all) == all.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.encode([0xde, 0xad, 0xbe, 0xef]) == "deadbeef")
    }

    /// A digit's value in either case, nil for every other byte, as the standard library reads it.
    @Test func everyByteReadsAsADigitOrNot() {
        for byte in 0...255 {
            let expected = UInt8(String(UnicodeScalar(UInt8(byte))), radix: 16)
            #expect(Hex.value(ofDigit: UInt8(byte)) == expected, "\(byte)")
        }
        #expect(Hex.value(ofDigit: UInt8(ascii: "F")) == 15 && Hex.value(ofDigit: UInt8(ascii: "g")) == nil)
    }
}

/// Bytes of every kind the bank prints in hex — an array, a slice, `Data`, a SHA-256 digest, an
/// HMAC, a sequence that is not contiguous — read the same as Foundation formats them.
@Suite struct HexOfEveryKindTests {
    static func formatted(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func everyKindOfBytesReadsTheSame() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 15, 16, 32, 33, 100] {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Hex.encode(bytes) == Self.formatted(bytes))
            #expect(Hex.encode(Data(bytes)) == Self.formatted(bytes))
            #expect(Hex.encode(bytes.dropFirst(min(count, 3))) == Self.formatted(Array(bytes.dropFirst(min(count, 3)))))
            #expect(Hex.encode(bytes.lazy.map { $0 ^ 0x5a }) == Self.formatted(bytes.map { $0 ^ 0x5a }))
            let digest = SHA256.hash(data: bytes)
            #expect(Hex.encode(digest) == Self.formatted(Array(digest)))
            let mac = HMAC<SHA256>.authenticationCode(for: bytes, using: SymmetricKey(data: [UInt8](repeating: 7, count: 32)))
            #expect(Hex.encode(mac) == Self.formatted(Array(mac)))
        }
    }
}
