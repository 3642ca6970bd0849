import BankCore
import Foundation
import Testing
@testable import BankServices

/// A mail never carries a whole account number: every run of 7 digits is masked, whatever
/// surrounds it, and nothing else in the text changes.
@Suite struct MailTemplateMaskingTests {
    @Test func everySevenDigitNumberIsMasked() {
        #expect(MailTemplates.maskedAccountNumbers(in: "本店 普通 1234567") == "本店 普通 ****567")
        #expect(MailTemplates.maskedAccountNumbers(in: "1234567/7654321") == "****567/****321")
        // Full-width digits are digits too (the customer may have typed them).
        #expect(MailTemplates.maskedAccountNumbers(in: "普通 １２３４５６７") == "普通 ****567")
        // Fourteen digits in a row are two numbers' worth: neither is shown whole.
        #expect(MailTemplates.maskedAccountNumbers(in: "12345671234567") == "****567****567")
    }

    @Test func shorterNumbersAndOtherTextStayAsTheyAre() {
        #expect(MailTemplates.maskedAccountNumbers(in: "支店 001 金額 123,456円") == "支店 001 金額 123,456円")
        #expect(MailTemplates.maskedAccountNumbers(in: "123456") == "123456")
        #expect(MailTemplates.maskedAccountNumbers(in: "") == "")
        #expect(MailTemplates.maskedAccountNumbers(in: "12345678") == "****5678")
    }
}
