import BankCore
import BankServices
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// ログイン履歴: linked from the menu's 照会 group, the attempts newest first with the browser
/// family, the factors and 成功/失敗; signed-in only; English.
@Suite struct LoginHistoryPagesTests {
    static let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"

    @Test func theMenuLinksIt() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let menu = try await browser.get("/menu")
            #expect(menu.body.contains(#"href="/history/logins" id="menu-login-history">ログイン履歴</a>"#))
        }
    }

    @Test func listsTheAttemptsNewestFirst() async throws {
        try await withSite { site in
            let stranger = site.browser(userAgent: "curl/8.5.0")
            let refused = try await stranger.logIn(Site.loginID, "wrong-password1")
            #expect(refused.status != .seeOther || refused.location != "/menu")
            site.clock.advance(by: 60)
            let browser = site.browser(userAgent: Self.chrome)
            try await browser.logIn()
            let page = try await browser.get("/history/logins")
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>ログイン履歴</h1>") || page.body.contains("ログイン履歴"))
            #expect(page.body.contains(#"<th scope="col">IPアドレス</th>"#))
            let rows = page.body.components(separatedBy: #"<tr class="login-"#).dropFirst()
            #expect(rows.count == 2)
            let newest = try #require(rows.first), oldest = try #require(rows.last)
            #expect(newest.hasPrefix("succeeded"))
            #expect(newest.contains(#"<td data-label="ブラウザ">Chrome（Windows）</td><td data-label="使用した認証">ログインパスワード</td><td class="result" data-label="結果">成功</td>"#))
            #expect(oldest.hasPrefix("failed"))
            #expect(oldest.contains(#"<td data-label="ブラウザ">その他のブラウザ（その他）</td><td data-label="使用した認証">ログインパスワード</td><td class="result" data-label="結果">失敗</td>"#))
        }
    }

    @Test func signedInOnly() async throws {
        try await withSite { site in
            let response = try await site.browser().get("/history/logins")
            #expect(response.status == .seeOther)
            #expect(response.location?.hasPrefix("/login") == true)
        }
    }

    @Test func readsInEnglish() async throws {
        try await withSite { site in
            let browser = site.browser(userAgent: Self.chrome)
            browser.setCookie("kyoei_lang", "en")
            try await browser.logIn()
            let page = try await browser.get("/history/logins")
            #expect(page.body.contains(#"<html lang="en">"#))
            #expect(page.body.contains(#"<td data-label="Browser">Chrome (Windows)</td><td data-label="Factors presented">Login password</td><td class="result" data-label="Result">Succeeded</td>"#))
        }
    }
}
