import BankCore
@testable import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// The timeout warning's server side: the minutes left on every signed-in page, and
/// 「延長する」 (POST /session/extend), which restarts the idle clock within the limit since login.
@Suite struct SessionExtendTests {
    static let json: HTTPFields = [.accept: "application/json"]

    static func lastSeen(_ site: Site, _ cookie: String) async throws -> Date? {
        try await site.bank.database.read { db in
            try await SessionRecords.find(db, tokenHash: Bank.sha256Hex(cookie))?.lastSeenAt
        }
    }

    static func object(_ response: WebResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
    }

    /// A signed-in page says when the session ends and carries what the script counts with; a
    /// page before login has neither; the CSP lets scripts load from the site and call 「延長する」 alone.
    @Test func signedInPagesShowTheMinutesLeft() async throws {
        try await withSite { site in
            let browser = site.browser()
            let login = try await browser.get("/login")
            #expect(!login.body.contains("session-timer"))
            #expect(!login.body.contains("<script"))
            try await browser.logIn()
            site.clock.advance(by: 30)
            let menu = try await browser.get("/menu")
            let time = JapanTime.clockTime(site.clock.now().addingTimeInterval(600))
            #expect(menu.body.contains(#"data-seconds="600""#))
            #expect(menu.body.contains(#"data-warning="120""#))
            #expect(menu.body.contains(#"data-final="false""#))
            #expect(menu.body.contains("自動ログアウトまで あと10分（\(time)まで）"))
            #expect(menu.body.contains(#"<script src="/static/session-timer.js" defer></script>"#))
            #expect(menu.body.contains(#"<dialog class="session-dialog" id="session-dialog""#))
            #expect(menu.body.contains(#"action="/session/extend""#))
            let csp = menu.headers[.contentSecurityPolicy] ?? ""
            #expect(csp.contains("script-src 'self';"))
            #expect(csp.contains("connect-src http://127.0.0.1:8080/session/extend http://[::1]:8080/session/extend http://localhost:8080/session/extend;"),
                    "\(csp)")
            #expect(!csp.contains("connect-src 'self'"), "no script of the bank's pages may reach the token API")

            let script = try await browser.get("/static/session-timer.js")
            #expect(script.status == .ok)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.body.contains("showModal"))

            browser.setCookie("kyoei_lang", "en")
            #expect(try await browser.get("/menu").body.contains("Automatic logout in 10 min (at \(time) JST)"))
        }
    }

    /// 延長する writes the session's last view now, so a request after the first deadline works.
    @Test(arguments: TestDatabases.engines)
    func extendRestartsTheIdleClock(engine: DatabaseEngine) async throws {
        try await withSite(engine) { site in
            let browser = site.browser()
            try await browser.logIn()
            let cookie = try #require(browser.cookie("kyoei_session"))
            let token = try await browser.sessionToken()
            site.clock.advance(by: 595)
            let extended = try await browser.post("/session/extend", form: [("_csrf", token)], headers: Self.json)
            #expect(extended.status == .ok)
            #expect(extended.headers[.contentType] == "application/json; charset=utf-8")
            let answer = try Self.object(extended)
            #expect(answer["seconds"] as? Int == 600)
            #expect(answer["minutes"] as? Int == 10)
            #expect(answer["final"] as? Bool == false)
            #expect(answer["time"] as? String == JapanTime.clockTime(site.clock.now().addingTimeInterval(600)))
            #expect(try await Self.lastSeen(site, cookie) == site.clock.now())
            // Within the 10 s a page view does not record, 延長する still restarts the clock.
            site.clock.advance(by: 5)
            #expect(try await browser.post("/session/extend", form: [("_csrf", token)], headers: Self.json).status == .ok)
            #expect(try await Self.lastSeen(site, cookie) == site.clock.now())
            site.clock.advance(by: 599)
            #expect(try await browser.get("/menu").status == .ok, "past the first deadline, the session lives")
            #expect(try await site.audit(event: "session_timeout").isEmpty)
        }
    }

    /// A script-less post returns to the page it came from (this site's pages only).
    @Test func withoutScriptItReturnsToThePage() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let token = try await browser.sessionToken()
            let back = try await browser.post("/session/extend", form: [("_csrf", token), ("return_to", "/balances")])
            #expect(back.status == .seeOther && back.location == "/balances")
            let elsewhere = try await browser.post("/session/extend", form: [("_csrf", token), ("return_to", "https://evil.example/")])
            #expect(elsewhere.location == "/")
        }
    }

    /// Never past the limit since login: the answer says the deadline is final, and so does the page.
    @Test func extendStopsAtTheLimitSinceLogin() async throws {
        try await withSite(idle: 600, absolute: 900) { site in
            let browser = site.browser()
            try await browser.logIn()
            let token = try await browser.sessionToken()
            site.clock.advance(by: 200)
            #expect(try Self.object(try await browser.post("/session/extend", form: [("_csrf", token)], headers: Self.json))["final"] as? Bool == false)
            site.clock.advance(by: 500)
            let answer = try Self.object(try await browser.post("/session/extend", form: [("_csrf", token)], headers: Self.json))
            #expect(answer["seconds"] as? Int == 200)
            #expect(answer["final"] as? Bool == true)
            #expect(try await browser.get("/menu").body.contains(#"data-final="true""#))
            site.clock.advance(by: 200)
            let ended = try await browser.post("/session/extend", form: [("_csrf", token)], headers: Self.json)
            #expect(ended.status == .seeOther && ended.location == "/login?reason=expired")
        }
    }

    /// Without the session's token (or from another origin) nothing is written; without a live
    /// session the answer is the login screen with its reason, which the script follows.
    @Test func refusals() async throws {
        try await withSite { site in
            let stranger = try await site.browser().post("/session/extend", form: [], headers: Self.json)
            #expect(stranger.status == .seeOther && stranger.location == "/login")

            let browser = site.browser()
            try await browser.logIn()
            let cookie = try #require(browser.cookie("kyoei_session"))
            let token = try await browser.sessionToken()
            let seen = try await Self.lastSeen(site, cookie)
            site.clock.advance(by: 5)
            // Another first digit (a token that already began with "0" stayed right when "0" was put there).
            let altered = (token.first == "0" ? "1" : "0") + token.dropFirst()
            #expect(try await browser.post("/session/extend", form: [("_csrf", altered)], headers: Self.json).status == .forbidden)
            #expect(try await browser.post("/session/extend", form: [], headers: Self.json).status == .forbidden)
            var foreign = Self.json
            foreign[.origin] = "https://evil.example"
            #expect(try await browser.post("/session/extend", form: [("_csrf", token)], headers: foreign).status == .forbidden)
            #expect(try await Self.lastSeen(site, cookie) == seen, "a refused extension writes nothing")

            site.clock.advance(by: 600)
            let late = try await browser.post("/session/extend", form: [("_csrf", token)], headers: Self.json)
            #expect(late.status == .seeOther && late.location == "/login?reason=timeout")
            #expect(try await site.sessionCount() == 0)
            #expect(try await site.audit(event: "session_timeout").count == 1)
        }
    }
}
