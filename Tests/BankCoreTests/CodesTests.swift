import BankCore
import Testing

@Suite struct CodesTests {
    @Test func validCodes() throws {
        #expect(try BranchCode(validating: "001").value == "001")
        #expect(try BranchCode(validating: "００２").value == "002")
        #expect(try BankCode(validating: "2999").value == "2999")
        #expect(try AccountNumber(validating: "1234567").value == "1234567")
    }

    @Test func invalidCodes() {
        #expect(throws: DigitCodeError.wrongLength(expected: 3)) { try BranchCode(validating: "01") }
        #expect(throws: DigitCodeError.notDigits) { try BranchCode(validating: "0a1") }
        #expect(throws: DigitCodeError.empty) { try AccountNumber(validating: "") }
        #expect(throws: DigitCodeError.wrongLength(expected: 7)) { try AccountNumber(validating: "12345678") }
        #expect(throws: DigitCodeError.notDigits) { try AccountNumber(validating: "-123456") }
    }

    @Test func accountNumbersArePaddedAndMasked() {
        #expect(AccountNumber(sequence: 42).value == "0000042")
        #expect(AccountNumber(sequence: 1_000_001).value == "1000001")
        #expect(AccountNumber(sequence: 1_234_567).masked == "****567")
    }

    @Test func accountTypesReadEveryForm() {
        #expect(AccountType(input: "普通") == .ordinary)
        #expect(AccountType(input: "2") == .current)
        #expect(AccountType(input: "Savings") == .savings)
        #expect(AccountType(input: "checking") == nil)
        #expect(AccountType.savings.zenginCode == "4")
    }

    @Test func mailAddresses() throws {
        #expect(try MailAddress(validating: "Taro.Yamada@Example.JP").value == "Taro.Yamada@example.jp")
        #expect(try MailAddress(validating: "ｔａｒｏ@example.jp").value == "taro@example.jp")
        for bad in ["", "taro", "taro@", "@example.jp", "taro@example", "ta ro@example.jp", "taro@exa_mple.jp", "a@b@c.jp", "taro@-x.jp"] {
            #expect(throws: (any Error).self, "\(bad)") { try MailAddress(validating: bad) }
        }
    }
}
