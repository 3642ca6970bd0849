@testable import BankWeb
import HTTPTypes
import Hummingbird
import Testing

/// `Request.cookieValue` reads a cookie exactly as Hummingbird's `cookies[name]?.value` does
/// (the oracle): the first of a name across headers, blanks before a pair, pairs without `=`,
/// empty values, names that are prefixes of others, non-ASCII headers handed to Hummingbird.
@Suite struct CookieValueTests {
    static let headerSets: [[String]] = [
        [], [""], [";"], ["kyoei_session=abc"], ["kyoei_session="], ["kyoei_session"], ["=abc"],
        ["kyoei_session=abc; kyoei_lang=en"], ["kyoei_lang=en;kyoei_session=abc"], ["  kyoei_session=abc ;\tkyoei_lang=ja"],
        ["kyoei_session=first; kyoei_session=second"], ["other=1", "kyoei_session=from-second-header"],
        ["kyoei_session_x=1; x_kyoei_session=2; kyoei_session=3"], ["kyoei_lang=en=us; flag; kyoei_session=a=b"],
        ["kyoei_session=\"quoted\"; kyoei_lang=ja"], [";;kyoei_lang=en;;"], ["kyoei_session=abc;"],
        ["\u{A0}kyoei_session=nbsp; kyoei_lang=en"], ["kyoei_lang=日本; kyoei_session=ok"], ["a=b", "kyoei_session="],
        ["KYOEI_SESSION=upper; kyoei_session=lower"], ["kyoei_session =space; kyoei_session=ok"],
    ]

    @Test(arguments: headerSets)
    func readsAsHummingbirdReads(headers: [String]) {
        var fields = HTTPFields()
        for header in headers { fields.append(HTTPField(name: .cookie, value: header)) }
        let request = Request(head: HTTPRequest(method: .get, scheme: "http", authority: "bank", path: "/menu", headerFields: fields), body: .init(buffer: .init()))
        for name in ["kyoei_session", "kyoei_lang", "flag", "a", "KYOEI_SESSION", ""] {
            #expect(request.cookieValue(name) == request.cookies[name]?.value, "\(headers) \(name)")
        }
    }

    @Test func theValueIsFoundWithoutHummingbirdForASCII() {
        #expect(Request.cookieValue("kyoei_lang", inHeader: "a=1; kyoei_lang=en") == .found("en"))
        #expect(Request.cookieValue("kyoei_lang", inHeader: "kyoei_lang=") == .found(nil))
        #expect(Request.cookieValue("kyoei_lang", inHeader: "kyoei_language=en") == .notFound)
        #expect(Request.cookieValue("kyoei_lang", inHeader: "x=日本; kyoei_lang=en") == .notASCII)
    }
}
