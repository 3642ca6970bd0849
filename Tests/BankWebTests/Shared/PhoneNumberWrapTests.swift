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

    /// The number beside characters that join what follows them (a combining accent, an emoji
    /// sequence, a variation selector): the page is cut at the number's bytes, not at whole
    /// Characters, and comes out exactly as a byte-by-byte replacement makes it.
    @Test func theNumberIsCutOutByItsBytesBesideJoiningCharacters() {
        let phone = BankContact.current.phone
        let pages = ["\(phone)\u{301}", "e\u{301}\(phone)\u{301}x", "👩\u{200D}\(phone)\u{200D}👩", "\(phone)\u{FE0F}",
                     "\u{1F1EF}\(phone)\u{1F1F5}", "窓口\r\n\(phone)\r\n", "<a title=\"\(phone)\">\(phone)</a>"]
        for page in pages {
            #expect(PageRenderer.keepingPhoneNumbersWhole(page) == Self.wrappedByteByByte(page, phone), "\(page.unicodeScalars.map { $0.value })")
        }
    }

    /// The reference: each whole occurrence of the number's bytes, left to right, wrapped.
    static func wrappedByteByByte(_ page: String, _ phone: String) -> String {
        let bytes = Array(page.utf8), number = Array(phone.utf8)
        var output: [UInt8] = [], index = 0
        while index < bytes.count {
            if index + number.count <= bytes.count, Array(bytes[index..<index + number.count]) == number {
                output += Array(#"<span class="tel">"#.utf8) + number + Array("</span>".utf8)
                index += number.count
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
