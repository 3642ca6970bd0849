import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// ログイン画面: the form, a successful login, and the answers to wrong input.
@Suite struct LoginTests {
    @Test func loginPageHasNoticeLabelsAndPreLoginCookie() async throws {
        try await withSite { site in
            let browser = site.browser()
            let page = try await browser.get("/login")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.body.contains(#"<label for="login_id">ログインID</label>"#))
            #expect(page.body.contains(#"<label for="login_password">ログインパスワード</label>"#))
            #expect(page.body.contains(#"id="login-button">ログイン</button>"#))
            #expect(page.body.contains(#"<input type="password" id="login_password" name="login_password""#))
            #expect(page.body.contains("<title>ログイン画面"))

            let cookie = try #require(page.cookie("kyoei_prelogin"))
            #expect(isLowerHex64(cookie.value))
            #expect(cookie.has("HttpOnly"))
            #expect(cookie["SameSite"] == "Strict")
            #expect(cookie["Path"] == "/")
            #expect(!cookie.has("Secure"), "served over http: a Secure cookie would never come back")
            #expect(page.csrf == cookie.value, "double submit: the hidden field carries the cookie's token")
            #expect(page.cookie("kyoei_session") == nil)

            // A second visit keeps the same token and sets no new cookie.
            let again = try await browser.get("/login")
            #expect(again.cookie("kyoei_prelogin") == nil)
            #expect(again.csrf == cookie.value)

            // A malformed pre-login cookie is replaced by a fresh token.
            let other = site.browser()
            other.setCookie("kyoei_prelogin", "not-a-token")
            let replaced = try await other.get("/login")
            let fresh = try #require(replaced.cookie("kyoei_prelogin"))
            #expect(isLowerHex64(fresh.value) && fresh.value != cookie.value)
        }
    }

    @Test func successfulLoginRedirectsToMenuWithSessionCookie() async throws {
        try await withSite { site in
            let browser = site.browser()
            let response = try await browser.logIn()
            #expect(response.status == .seeOther)
            #expect(response.location == "/menu")
            let session = try #require(response.cookie("kyoei_session"))
            #expect(isLowerHex64(session.value))
            #expect(session.has("HttpOnly"))
            #expect(session["SameSite"] == "Lax")
            #expect(session["Path"] == "/")
            #expect(!session.has("Secure"))
            #expect(session["Max-Age"] == nil && session["Expires"] == nil, "a browser-session cookie")
            #expect(response.cookie("kyoei_prelogin")?.isDeletion == true, "the pre-login token is spent")
            #expect(browser.cookie("kyoei_prelogin") == nil)
            #expect(try await site.sessionCount() == 1)

            let menu = try await browser.get("/menu")
            #expect(menu.status == .ok)
            #expect(menu.body.contains("<h1>メニュー画面</h1>"))
            #expect(menu.body.contains("田中 花子様"))
            #expect(menu.body.contains(#"href="/balances" id="menu-balances">残高照会</a>"#))
            #expect(menu.body.contains(#"href="/statement" id="menu-statement">入出金明細照会</a>"#))
            #expect(menu.body.contains("前回ログイン日時: \(Text.firstLogin)"))
            let token = try #require(menu.csrf)
            #expect(isLowerHex64(token))
            #expect(token != session.value, "the CSRF token is not the session id")
            #expect(menu.body.contains(#"<form method="post" action="/logout""#))
        }
    }

    @Test func secondLoginShowsTheFirstLoginTimeInJapanese() async throws {
        try await withSite { site in
            let first = site.browser()
            let firstSession = try #require(try await first.logIn().cookie("kyoei_session")).value
            site.clock.advance(by: 30 * 60)
            let second = site.browser()
            let secondSession = try #require(try await second.logIn().cookie("kyoei_session")).value
            #expect(firstSession != secondSession)

            let menu = try await second.get("/menu")
            #expect(menu.body.contains("前回ログイン日時: 2026年11月25日 10:00"))
            #expect(!menu.body.contains(Text.firstLogin))
            // A third login shows the second one's time, not the first's.
            site.clock.advance(by: 5 * 60)
            let third = site.browser()
            try await third.logIn()
            #expect(try await third.get("/menu").body.contains("前回ログイン日時: 2026年11月25日 10:30"))
        }
    }

    @Test func loginWithAnOldSessionCookieEndsThatSession() async throws {
        try await withSite { site in
            let browser = site.browser()
            let old = try #require(try await browser.logIn().cookie("kyoei_session")).value
            site.clock.advance(by: 60)
            let response = try await browser.logIn()  // the jar still sends the old cookie
            let new = try #require(response.cookie("kyoei_session")).value
            #expect(new != old)
            #expect(try await site.sessionCount() == 1)

            let stale = site.browser()
            stale.setCookie("kyoei_session", old)
            let refused = try await stale.get("/menu")
            #expect(refused.status == .seeOther)
            #expect(refused.location?.hasPrefix("/login") == true)
            #expect(try await browser.get("/menu").status == .ok)
            let logouts = try await site.audit(event: "logout")
            #expect(logouts.count == 1)
            #expect(logouts.first?.customerID == site.customer.customer.id)
        }
    }

    @Test func wrongPasswordAndUnknownLoginIDGiveTheSameAnswer() async throws {
        try await withSite { site in
            let browser = site.browser()
            let wrong = try await browser.logIn(Site.loginID, "WrongPassw0rd")
            let unknown = try await browser.logIn("nobody99", "WrongPassw0rd")
            for response in [wrong, unknown] {
                #expect(response.status == .unauthorized)
                expectErrorList(response, Text.invalidLogin)
                #expect(response.cookie("kyoei_session") == nil)
                #expect(response.location == nil)
            }
            // Apart from the echoed login ID the two pages are byte for byte the same.
            #expect(wrong.body.replacingOccurrences(of: Site.loginID, with: "ID")
                == unknown.body.replacingOccurrences(of: "nobody99", with: "ID"))
            #expect(wrong.body.contains(#"value="tanaka01""#))
            #expect(!wrong.body.contains("WrongPassw0rd"), "a password is never echoed")
            #expect(try await site.sessionCount() == 0)
            #expect(browser.cookie("kyoei_session") == nil)
        }
    }

    @Test func emptyFieldsAreNamedInTheAnswer() async throws {
        try await withSite { site in
            let browser = site.browser()
            let token = try #require(try await browser.get("/login").csrf)
            let both = try await browser.post("/login", form: [("_csrf", token), ("login_id", ""), ("login_password", "")])
            #expect(both.status == .badRequest)
            expectErrorList(both, "ログインIDを入力してください。")
            expectErrorList(both, "ログインパスワードを入力してください。")
            #expect(!both.body.contains(Text.invalidLogin))
            #expect(both.cookie("kyoei_session") == nil)

            let noPassword = try await browser.post("/login", form: [("_csrf", token), ("login_id", "tanaka01"), ("login_password", "")])
            #expect(noPassword.status == .badRequest)
            #expect(!noPassword.body.contains("ログインIDを入力してください。"))
            expectErrorList(noPassword, "ログインパスワードを入力してください。")
            #expect(noPassword.body.contains(#"value="tanaka01""#))

            let blankID = try await browser.post("/login", form: [("_csrf", token), ("login_id", "   "), ("login_password", "x")])
            #expect(blankID.status == .badRequest)
            expectErrorList(blankID, "ログインIDを入力してください。")

            // Missing input is not a failed attempt: nothing counted, nothing audited as a login.
            let states = try await site.bank.counter.credentialStates(customerID: site.customer.customer.id)
            #expect(states.allSatisfy { $0.failures == 0 })
            #expect(try await site.audit(event: "login").isEmpty)
        }
    }

    @Test func echoedLoginIDIsEscaped() async throws {
        try await withSite { site in
            let browser = site.browser()
            let hostile = #"<script>alert("x")</script>"#
            let failed = try await browser.logIn(hostile, "whatever1")
            #expect(failed.status == .unauthorized)
            #expect(failed.body.contains("&lt;script&gt;"))
            #expect(!failed.body.contains("<script>"))
            #expect(!failed.body.contains(#"alert("x")"#))

            let token = try #require(failed.csrf)
            let empty = try await browser.post("/login", form: [("_csrf", token), ("login_id", hostile), ("login_password", "")])
            #expect(empty.status == .badRequest)
            #expect(empty.body.contains("&lt;script&gt;"))
            #expect(!empty.body.contains("<script>"))
        }
    }

    @Test func loginIDIsNormalisedAndOverlongInputRefused() async throws {
        try await withSite { site in
            #expect(try await site.browser().logIn("TANAKA01", Site.password).location == "/menu")
            #expect(try await site.browser().logIn("ｔａｎａｋａ０１", Site.password).location == "/menu")
            #expect(try await site.browser().logIn("  tanaka01 ", Site.password).location == "/menu")

            let browser = site.browser()
            let long = try await browser.logIn(Site.loginID, String(repeating: "a", count: 129))
            #expect(long.status == .badRequest)
            expectErrorList(long, Text.invalidLogin)
            #expect(long.cookie("kyoei_session") == nil)
            // The password is case-sensitive.
            #expect(try await site.browser().logIn(Site.loginID, Site.password.uppercased()).status == .unauthorized)
        }
    }

    @Test func rootSendsToLoginOrMenu() async throws {
        try await withSite { site in
            let browser = site.browser()
            #expect(try await browser.get("/").location == "/login")
            try await browser.logIn()
            let root = try await browser.get("/")
            #expect(root.status == .seeOther)
            #expect(root.location == "/menu")
        }
    }
}
