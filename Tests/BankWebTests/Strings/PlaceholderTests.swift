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

    @Test func positionalArgumentsAreFilledInOnceAndAsGiven() {
        // An argument that looks like a placeholder is put in as typed, not filled in again.
        #expect(Language.ja.text("error.holidays.date", "12", "{0}{1}") == "12行目: 月日「{0}{1}」は 2026/5/6 のような日付としてください。")
        #expect(Language.ja.text("error.holidays.duplicate", "3", "5/6") == "3行目: 5/6 が2回記載されています。")
        #expect(Language.ja.text("common.customer_name", "協栄 太郎") == "協栄 太郎様")
        // An index past the list stays as written; so does a brace that opens no placeholder.
        #expect(Language.ja.text("error.holidays.duplicate", "3") == "3行目: {1} が2回記載されています。")
        #expect(Language.ja.text("no.such.key {0} {x} {", "a") == "no.such.key a {x} {")
        #expect(Language.ja.text("{1}{0}{10}{0", "a", "b") == "ba{10}{0")
    }
}
