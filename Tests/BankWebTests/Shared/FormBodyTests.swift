@testable import BankWeb
import Foundation
import Testing

/// A posted form read over its bytes exactly as the String and Foundation code it replaced
/// read it (kept below as the reference): `+` and `%XY`, a malformed escape or bytes that are
/// not UTF-8 read as "" (all of them: see the reference), the last of a repeated name, empty
/// pairs skipped — over the bodies a browser sends (ASCII, everything else escaped) and every
/// kind of wrong one.
@Suite struct FormBodyTests {
    static func reference(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) -> String in
                let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
                // Foundation reads a few lone bytes that are not UTF-8 (`%A9`) as U+FFFD and
                // refuses the others (`%80`, `%FF`); the form reads every one of them as "".
                return decoded.contains("\u{FFFD}") && !text.lowercased().contains("%ef%bf%bd") ? "" : decoded
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    @Test func aBrowsersFormReadsAsNamed() {
        let form = FormBody(urlEncoded: "_csrf=ab12&otp=123456&name=%E5%85%B1%E6%A0%84+%E5%A4%AA%E9%83%8E&memo=a%2Bb%26c%3D&empty=&flag&otp=654321")
        #expect(form["_csrf"] == "ab12")
        #expect(form["otp"] == "654321", "the last of a repeated name")
        #expect(form["name"] == "共栄 太郎")
        #expect(form["memo"] == "a+b&c=")
        #expect(form["empty"] == "" && form["flag"] == "")
        #expect(form["missing"] == nil)
        #expect(FormBody(urlEncoded: "a=%E5%85&b=%zz&c=%4&d=%41&e=%A9&f=%80").fields == ["a": "", "b": "", "c": "", "d": "A", "e": "", "f": ""])
    }

    @Test func everyBodyReadsAsBefore() {
        let pieces = ["a", "Z", "9", "_csrf", "=", "&", "&&", "+", "%", "%2", "%20", "%2B", "%26", "%3D", "%E5%85%B1", "%E5", "%85",
                      "%C3%A9", "%ff", "%FF", "%00", "%7E", "%zz", "%G1", "-", ".", "~", "*"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let body = (0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(FormBody(urlEncoded: body).fields == Self.reference(body), "\(body)")
        }
    }
}
