import BankCore
import Testing

@Suite struct TransferNonceTests {
    struct FixedRandom: RandomSource {
        let byte: UInt8
        func bytes(_ count: Int) -> [UInt8] { Array(repeating: byte, count: count) }
    }

    @Test func generatedNoncesAre64LowerCaseHexDigits() throws {
        let nonce = TransferNonce.generate(random: FixedRandom(byte: 0xAB))
        #expect(nonce.value == String(repeating: "ab", count: 32))
        #expect(try TransferNonce(validating: nonce.value) == nonce)
        let fresh = TransferNonce.generate(random: SystemRandomSource())
        #expect(fresh.value.count == 64)
        #expect(try TransferNonce(validating: fresh.value) == fresh)
        #expect(fresh != TransferNonce.generate(random: SystemRandomSource()))
        #expect("\(fresh)" == fresh.value)
    }

    @Test(arguments: [
        String(repeating: "a", count: 63),
        String(repeating: "a", count: 65),
        String(repeating: "A", count: 64),
        String(repeating: "g", count: 64),
        " " + String(repeating: "a", count: 63),
        String(repeating: "a", count: 63) + "\n",
        String(repeating: "ａ", count: 64),
        String(repeating: "0", count: 61) + "'--",
    ])
    func malformedNoncesAreRefusedBeforeAnyLookup(presented: String) {
        #expect(throws: TransferNonceError.malformed) { try TransferNonce(validating: presented) }
    }

    @Test func aMissingNonceHasItsOwnMessage() {
        #expect(throws: TransferNonceError.missing) { try TransferNonce(validating: "") }
        #expect(TransferNonceError.missing.messageKey == "error.transfer.nonce_missing")
        #expect(TransferNonceError.malformed.messageKey == "error.transfer.nonce_invalid")
    }

    @Test func everyHexDigitIsAccepted() throws {
        let all = String(repeating: "0123456789abcdef", count: 4)
        #expect(try TransferNonce(validating: all).value == all)
    }
}
