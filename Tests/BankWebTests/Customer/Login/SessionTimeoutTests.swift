import BankCore
@testable import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// Sessions end when idle, at their maximum age, by the sweep, and by logout.
@Suite struct SessionTimeoutTests {
    @Test func idleTimeoutRestartsOnEveryRequest() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let cookie = try #require(browser.cookie("kyoei_session"))
            site.clock.advance(by: 599)
            #expect(try await browser.get("/menu").status == .ok)
            site.clock.advance(by: 599)
            #expect(try await browser.get("/balances").status == .ok, "the previous request restarted the idle clock")
            site.clock.advance(by: 600)
            let timedOut = try await browser.get("/menu")
            #expect(timedOut.status == .seeOther)
            #expect(timedOut.location == "/login?reason=timeout")
            #expect(timedOut.cookie("kyoei_session")?["Max-Age"] == "0", "the browser is told to forget the cookie")
            #expect(browser.cookie("kyoei_session") == nil)
            #expect(try await site.sessionCount() == 0, "the row is gone")

            let notice = try await browser.get("/login?reason=timeout")
            #expect(notice.status == .ok)
            #expect(notice.body.contains(Text.timeoutNotice))
            #expect(notice.body.contains(#"role="status""#))

            let rows = try await site.audit(event: "session_timeout")
            #expect(rows.count == 1)
            #expect(rows.first?.detail == "idle")
            #expect(rows.first?.customerID == site.customer.customer.id)
            #expect(rows.first?.userAgent == Site.userAgent)
            #expect(rows.first?.at == site.clock.now())

            // The dead cookie replayed stays dead, and no second timeout is audited.
            let replay = site.browser()
            replay.setCookie("kyoei_session", cookie)
            #expect(try await replay.get("/menu").location?.hasPrefix("/login") == true)
            #expect(try await site.audit(event: "session_timeout").count == 1)
        }
    }

    /// A page seen within 10 s of the recorded last view only reads (so pages run beside the
    /// single SQLite writer); a later one records itself. The idle clock may so start up to
    /// 10 s early, never late.
    @Test func quickViewsReadAndLaterViewsRestartTheIdleClock() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let cookie = try #require(browser.cookie("kyoei_session"))
            let loggedInAt = site.clock.now()
            func lastSeen() async throws -> Date? {
                try await site.bank.database.read { db in
                    try await SessionRecords.find(db, tokenHash: Bank.sha256Hex(cookie))?.lastSeenAt
                }
            }
            site.clock.advance(by: 9)
            #expect(try await browser.get("/menu").status == .ok)
            #expect(try await lastSeen() == loggedInAt, "a view 9 s later writes nothing")
            site.clock.advance(by: 1)
            #expect(try await browser.get("/balances").status == .ok)
            #expect(try await lastSeen() == site.clock.now(), "a view 10 s after the recorded one records itself")
            let recorded = site.clock.now()
            site.clock.advance(by: 595)
            #expect(try await browser.get("/menu").status == .ok, "idle for 595 s of 600")
            #expect(try await lastSeen() == site.clock.now())
            #expect(recorded < site.clock.now())
        }
    }

    @Test func idleLimitIsConfigurable() async throws {
        try await withSite(idle: 120) { site in
            let browser = site.browser()
            try await browser.logIn()
            site.clock.advance(by: 119)
            #expect(try await browser.get("/menu").status == .ok)
            site.clock.advance(by: 120)
            #expect(try await browser.get("/menu").location == "/login?reason=timeout")
        }
    }

    @Test func absoluteTimeoutEndsEvenABusySession() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            for step in 1...7 {  // 500 … 3500 seconds after login
                site.clock.advance(by: 500)
                #expect(try await browser.get("/menu").status == .ok, "at \(step * 500) s")
            }
            site.clock.advance(by: 100)  // exactly 3600 s
            let expired = try await browser.get("/menu")
            #expect(expired.status == .seeOther)
            #expect(expired.location == "/login?reason=expired")
            #expect(expired.cookie("kyoei_session")?.isDeletion == true)
            #expect(try await site.sessionCount() == 0)

            let notice = try await browser.get("/login?reason=expired")
            #expect(notice.body.contains(Text.expiredNotice))
            #expect(!notice.body.contains(Text.timeoutNotice))
            let rows = try await site.audit(event: "session_timeout")
            #expect(rows.map(\.detail) == ["absolute"])
            // A fresh login is possible straight away.
            #expect(try await browser.logIn().location == "/menu")
        }
    }

    @Test func sweepEndsIdleSessionsAndAuditsThem() async throws {
        try await withSite { site in
            let idle = site.browser()
            try await idle.logIn()
            site.clock.advance(by: 300)
            let busy = site.browser()
            try await busy.logIn()
            site.clock.advance(by: 299)
            #expect(try await site.bank.sessions.sweepExpired() == 0, "nobody idle for 10 minutes yet")
            site.clock.advance(by: 1)
            #expect(try await site.bank.sessions.sweepExpired() == 1)
            #expect(try await site.sessionCount() == 1)
            #expect(try await site.bank.sessions.sweepExpired() == 0, "each session ends once")

            let rows = try await site.audit(event: "session_timeout")
            #expect(rows.count == 1)
            #expect(rows.first?.detail == "idle")
            #expect(rows.first?.actor == "system")
            #expect(rows.first?.userAgent == Site.userAgent, "the session's own user agent")

            let swept = try await idle.get("/menu")
            #expect(swept.status == .seeOther)
            #expect(swept.location == "/login?reason=ended")
            #expect(try await busy.get("/menu").status == .ok)
            #expect(try await site.audit(event: "session_timeout").count == 1, "no second row when the cookie comes back")
        }
    }

    @Test func sweepEndsSessionsPastTheirMaximumAge() async throws {
        try await withSite(idle: 600, absolute: 900) { site in
            let browser = site.browser()
            try await browser.logIn()
            site.clock.advance(by: 500)
            #expect(try await browser.get("/menu").status == .ok)
            site.clock.advance(by: 400)
            #expect(try await site.bank.sessions.sweepExpired() == 1)
            #expect(try await site.audit(event: "session_timeout").first?.detail == "absolute")
        }
    }

    @Test func logoutEndsTheSession() async throws {
        try await withSite { site in
            let browser = site.browser(userAgent: "LogoutAgent/2.0")
            try await browser.logIn()
            let cookie = try #require(browser.cookie("kyoei_session"))
            let token = try await browser.sessionToken()
            let response = try await browser.post("/logout", form: [("_csrf", token)])
            #expect(response.status == .seeOther)
            #expect(response.location == "/login?reason=logout")
            let cleared = try #require(response.cookie("kyoei_session"))
            #expect(cleared.value.isEmpty)
            #expect(cleared["Max-Age"] == "0")
            #expect(cleared["Path"] == "/")
            #expect(cleared.has("HttpOnly"))
            #expect(try await site.sessionCount() == 0, "the session row is deleted")

            let page = try await browser.get("/login?reason=logout")
            #expect(page.body.contains(Text.logoutNotice))
            #expect(page.cookie("kyoei_prelogin") != nil, "a new pre-login token for the next login")

            let replay = site.browser()
            replay.setCookie("kyoei_session", cookie)
            let refused = try await replay.get("/menu")
            #expect(refused.status == .seeOther)
            #expect(refused.location?.hasPrefix("/login") == true)
            #expect(try await replay.post("/logout", form: [("_csrf", token)]).location?.hasPrefix("/login") == true)

            let rows = try await site.audit(event: "logout")
            #expect(rows.count == 1, "the replayed logout writes nothing")
            #expect(rows.first?.result == .success)
            #expect(rows.first?.customerID == site.customer.customer.id)
            #expect(rows.first?.userAgent == "LogoutAgent/2.0")
            #expect(try await site.audit(event: "session_timeout").isEmpty, "a logout is not a timeout")
        }
    }

    @Test func loginPageShowsOnlyKnownReasons() async throws {
        try await withSite { site in
            let browser = site.browser()
            let plain = try await browser.get("/login")
            #expect(!plain.body.contains(#"class="notice""#))
            let odd = try await browser.get("/login?reason=%3Cscript%3E")
            #expect(odd.status == .ok)
            #expect(!odd.body.contains(#"class="notice""#))
            #expect(!odd.body.contains("<script>"))
            #expect(try await browser.get("/login?reason=logout").body.contains(Text.logoutNotice))
        }
    }
}
