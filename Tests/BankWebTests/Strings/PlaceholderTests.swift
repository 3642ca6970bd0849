import BankCore
@testable import BankText
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

/// Names filled in over the template's bytes exactly as the walk over its UTF-8 view that
/// it replaced (kept below as the reference): Japanese around the braces, a name the values
/// lack, braces that open nothing or never close, a brace inside a name, a value that looks
/// like a placeholder.
@Suite struct NamedPlaceholderFillTests {
    static func reference(_ template: String, _ values: [String: String]) -> String {
        let bytes = template.utf8
        var out = ""
        var rest = bytes.startIndex
        while let open = bytes[rest...].firstIndex(of: UInt8(ascii: "{")),
              let close = bytes[open...].firstIndex(of: UInt8(ascii: "}")) {
            out += template[rest..<open]
            let after = bytes.index(after: close)
            out += values[String(template[bytes.index(after: open)..<close])] ?? String(template[open..<after])
            rest = after
        }
        out += template[rest...]
        return out
    }

    @Test func everyTemplateFillsAsBefore() {
        let values = ["name": "協栄 太郎", "time": "{name}", "empty": "", "🏦": "bank", "a{b": "x"]
        let pieces = ["{", "}", "{name}", "{time}", "{empty}", "{missing}", "{🏦}", "{a{b}", "{}", "様", "振込", "e\u{301}", "a", " ", "\n", "{{", "}}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let template = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Language.fill(template, with: values) == Self.reference(template, values), "\(template)")
        }
        #expect(Language.fill("{name}様、{time}に", with: values) == "協栄 太郎様、{name}に")
    }
}
