import BankCore
import Testing

/// ログイン履歴's browser column: the families read from real User-Agents, in the order that
/// keeps Edge from reading as Chrome, Chrome as Safari and Android as Linux.
@Suite struct BrowserFamilyTests {
    @Test(arguments: [
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
         BrowserFamily(browser: .chrome, system: .windows)),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
         BrowserFamily(browser: .edge, system: .windows)),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
         BrowserFamily(browser: .safari, system: .macOS)),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
         BrowserFamily(browser: .safari, system: .iOS)),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
         BrowserFamily(browser: .chrome, system: .iOS)),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
         BrowserFamily(browser: .chrome, system: .android)),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", BrowserFamily(browser: .firefox, system: .linux)),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0",
         BrowserFamily(browser: .other, system: .windows)),
        ("curl/8.5.0", BrowserFamily(browser: .other, system: .other)),
        ("", BrowserFamily(browser: .other, system: .other)),
    ])
    func readsTheFamilies(userAgent: String, expected: BrowserFamily) {
        #expect(BrowserFamily(userAgent: userAgent) == expected)
    }

    @Test func namesAreTheBrandsAndNilForOther() {
        #expect(BrowserFamily(browser: .edge, system: .macOS).browserName == "Edge")
        #expect(BrowserFamily(browser: .edge, system: .macOS).systemName == "macOS")
        #expect(BrowserFamily(browser: .other, system: .other).browserName == nil)
        #expect(BrowserFamily(browser: .other, system: .other).systemName == nil)
    }
}
