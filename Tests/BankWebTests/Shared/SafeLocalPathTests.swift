@testable import BankWeb
import Testing

/// Where a form may send the browser back to (`return_to`): a path of this site only, as
/// the first test names them, and exactly what the Character-by-Character check it replaced
/// allowed (the reference below) over paths made to sit on every edge.
@Suite struct SafeLocalPathTests {
    @Test func onlyAPathOfThisSiteIsKept() {
        for kept in ["/", "/menu", "/transfer/amount?to=own:3&from=12", "/statement?account=7&page=2", "/a-b_c.d~e%20+f"] {
            #expect(CustomerSite.safeLocalPath(kept) == kept)
        }
        for refused in ["", "menu", "//evil.example", "/\\evil", "/\t/evil", "https://evil.example/", "/menu#top", "/メニュー",
                        "/menu\r\nSet-Cookie: a=b", "/a b", "/" + String(repeating: "a", count: 512)] {
            #expect(CustomerSite.safeLocalPath(refused) == "/", "\(refused)")
        }
        #expect(CustomerSite.safeLocalPath("/" + String(repeating: "a", count: 511)).count == 512)
    }

    @Test func itAllowsWhatTheCharacterCheckAllowed() {
        let pieces = ["/", "//", "a", "Z", "9", "-", ".", "_", "~", "?", "=", "&", "%", "+", ":", "\\", " ", "\t", "\n", "\r\n",
                      "#", "@", "é", "e\u{301}", "円", "👩‍👩", "\u{0}", "\u{7F}", String(repeating: "x", count: 250)]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let target = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(CustomerSite.safeLocalPath(target) == Self.reference(target), "\(target.unicodeScalars.map { $0.value })")
        }
    }

    /// The check as it was: a set of allowed Characters.
    static func reference(_ target: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~?=&%+:")
        guard target.hasPrefix("/"), !target.hasPrefix("//"), target.count <= 512,
              target.allSatisfy({ allowed.contains($0) }) else { return "/" }
        return target
    }
}
