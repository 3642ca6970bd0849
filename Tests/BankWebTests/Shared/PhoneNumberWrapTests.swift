import BankCore
@testable import BankWeb
import Testing

/// The telephone number kept whole on every page: each mention wrapped once, wherever it
/// stands (start, end, beside Japanese text), and a page without it returned as it was.
@Suite struct PhoneNumberWrapTests {
    @Test func everyMentionIsWrappedAndNothingElseChanges() {
        let phone = BankContact.current.phone
        let tel = #"<span class="tel">\#(phone)</span>"#
        #expect(PageRenderer.keepingPhoneNumbersWhole("") == "")
        #expect(PageRenderer.keepingPhoneNumbersWhole("<p>お問い合わせ：窓口</p>") == "<p>お問い合わせ：窓口</p>")
        #expect(PageRenderer.keepingPhoneNumbersWhole(phone) == tel)
        #expect(PageRenderer.keepingPhoneNumbersWhole("担当 \(phone)（直通）、夜間 \(phone)")
                == "担当 \(tel)（直通）、夜間 \(tel)")
        #expect(PageRenderer.keepingPhoneNumbersWhole("\(phone)\(phone)") == tel + tel)
        #expect(PageRenderer.keepingPhoneNumbersWhole(String(phone.dropLast())) == String(phone.dropLast()), "a partial number is left")
        // A start that does not lead to the number, just before it or at the page's end.
        let start = String(phone.prefix(3))
        #expect(PageRenderer.keepingPhoneNumbersWhole("\(start)\(phone)\(start)") == start + tel + start)
        #expect(PageRenderer.keepingPhoneNumbersWhole("\(phone.prefix(1))\(phone)x") == "\(phone.prefix(1))\(tel)x")
    }
}
