import BankCore
import BankText
import Testing

/// `{name}` placeholders are filled in one pass over the catalog text: values are put in as
/// given (never searched for placeholders themselves), a placeholder without a value stays as
/// written, and the text around them, Japanese included, is unchanged.
@Suite struct PlaceholderTests {
    @Test func valuesAreFilledInOnceAndAsGiven() {
        let filled = Language.ja.text("mail.signature", with: ["bank_name": "協栄{time}信組"])
        #expect(filled.hasPrefix("──────────────────────────────\n協栄{time}信組 事務管理部 インターネットバンキング担当\n"))
        #expect(filled.contains("電話 \(BankContact.current.phone)（直通）"))
        #expect(filled.hasSuffix("ご返信いただいてもお答えできません。"))
    }

    @Test func aPlaceholderWithoutAValueStaysAsWritten() {
        let unfilled = Language.en.text("mail.signature", with: [:])
        #expect(unfilled.contains("{bank_name}"))
        #expect(Language.ja.text("mail.signature", with: ["other": "x"]).contains("{bank_name} 事務管理部"))
    }
}
