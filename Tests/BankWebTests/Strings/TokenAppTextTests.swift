import BankWeb
import Foundation
import Testing

/// The token web app (Sources/BankWeb/TokenApp/Shell) reads its texts by key from /strings.json,
/// which the server builds from the catalog's `token_pwa.` keys: `t('token_pwa.…')` in the scripts,
/// `data-t="token_pwa.…"` (and `data-t-label`, `data-t-slot`) in the page. A key the app names and
/// the catalog lacks would show the bare key on the customer's phone.
@Suite struct TokenAppTextTests {
    static let prefix = "token_pwa."
    static let ja = Set((TextCatalog.raw[.ja] ?? [:]).keys.filter { $0.hasPrefix(prefix) })
    static let en = Set((TextCatalog.raw[.en] ?? [:]).keys.filter { $0.hasPrefix(prefix) })

    /// Every `token_pwa.` key written in the app's files, with the file that names it.
    static func usedKeys() throws -> [(key: String, path: String)] {
        var used: [(key: String, path: String)] = []
        for ext in ["js", "html"] {
            for file in try CatalogTests.files(under: "Sources/BankWeb/TokenApp/Shell", ext: ext) {
                for match in file.text.matches(of: /token_pwa\.[a-z0-9_.]*[a-z0-9_]/) {
                    used.append((String(match.output), file.path))
                }
            }
        }
        return used
    }

    @Test func jaAndEnHaveTheSameTokenAppKeys() {
        #expect(Self.ja.count > 30, "the catalog has the token app's texts")
        #expect(Self.ja.subtracting(Self.en).sorted() == [], "missing in en.json")
        #expect(Self.en.subtracting(Self.ja).sorted() == [], "missing in ja.json")
    }

    @Test func everyKeyTheAppNamesExists() throws {
        let used = try Self.usedKeys()
        #expect(used.count > 30, "the scan finds the app's texts")
        for (key, path) in used {
            #expect(Self.ja.contains(key) && Self.en.contains(key), "\(path): \(key) is not in both catalogs")
        }
    }

    /// A text no screen shows any more is a text no translator should have to keep up.
    @Test func everyTokenAppKeyIsUsed() throws {
        let used = Set(try Self.usedKeys().map(\.key))
        #expect(Self.ja.subtracting(used).sorted() == [], "token_pwa. keys the app never names")
    }
}
