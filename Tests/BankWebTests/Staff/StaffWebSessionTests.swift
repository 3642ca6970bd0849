import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// Staff sessions: five minutes idle, CSRF tokens and Origin on every POST, and no crossing
/// between the customer site and the back office in either direction.
@Suite struct StaffWebSessionTests {
    @Test func idleTimeoutIsFiveMinutes() async throws {
        try await withSite { site in
            let (browser, _) = try await site.staffBrowser()
            let cookie = try #require(browser.cookie("kyoei_staff"))
            site.clock.advance(by: 299)
            #expect(try await browser.get("/staff").status == .ok)
            site.clock.advance(by: 299)
            #expect(try await browser.get("/staff/customers").status == .ok, "each request restarts the idle clock")
            site.clock.advance(by: 300)
            let timedOut = try await browser.get("/staff")
            #expect(timedOut.status == .seeOther)
            #expect(timedOut.location == "/staff/login?reason=timeout")
            #expect(timedOut.cookie("kyoei_staff")?["Max-Age"] == "0")
            #expect(try await site.staffSessionCount() == 0)
            let notice = try await browser.get("/staff/login?reason=timeout")
            #expect(notice.body.contains(StaffText.timeout))
            #expect(try await site.staffAudit(event: "staff_session_timeout").first?.detail == "idle")

            let replay = site.browser()
            replay.setCookie("kyoei_staff", cookie)
            #expect(try await replay.get("/staff").location == "/staff/login?reason=ended")
        }
    }

    @Test func everyPostNeedsTheStaffSessionsTokenAndOrigin() async throws {
        try await withSite { site in
            let (browser, enrollment) = try await site.staffBrowser()
            let token = try await browser.staffToken()
            // A token one character off (never the token itself: it may start with "0").
            let altered = (token.first == "0" ? "1" : "0") + token.dropFirst()
            for form in [[(String, String)](), [("_csrf", altered)]] {
                let refused = try await browser.post("/staff/logout", form: form)
                #expect(refused.status == .forbidden)
                #expect(refused.body.contains(Text.csrfError))
                #expect(refused.body.contains(#"href="/staff" id="back-home""#), "the error page leads back into the back office")
            }
            let foreign = try await browser.post("/staff/logout", form: [("_csrf", token)],
                                                 headers: [.origin: "https://evil.example"])
            #expect(foreign.status == .forbidden)
            #expect(try await site.staffSessionCount() == 1, "still logged in")
            let language = try await browser.post("/staff/language", form: [("lang", "en"), ("return_to", "/staff")])
            #expect(language.status == .forbidden)
            #expect(browser.cookie("kyoei_lang") == nil)

            // The customer site's token is no staff token, nor the other way round.
            let customer = site.browser()
            try await customer.logIn()
            let customerToken = try await customer.sessionToken()
            #expect(try await browser.post("/staff/logout", form: [("_csrf", customerToken)]).status == .forbidden)
            #expect(try await customer.post("/logout", form: [("_csrf", token)]).status == .forbidden)

            let out = try await browser.post("/staff/logout", form: [("_csrf", token)])
            #expect(out.status == .seeOther)
            #expect(out.location == "/staff/login?reason=logout")
            #expect(out.cookie("kyoei_staff")?.isDeletion == true)
            #expect(try await site.staffSessionCount() == 0)
            #expect(try await site.staffAudit(event: "staff_logout").count == 1)
            #expect(try await browser.get("/staff/login?reason=logout").body.contains(StaffText.loggedOut))

            // The login and code forms check their tokens too.
            let fresh = site.browser()
            _ = try await fresh.get("/staff/login")
            let noToken = try await fresh.post("/staff/login", form: [("staff_id", Site.staffID), ("password", Site.staffPassword)])
            #expect(noToken.status == .forbidden)
            #expect(noToken.cookie("kyoei_staff") == nil)
            site.clock.advance(by: 60)
            try await fresh.staffPasswordStep(Site.staffID)
            let codeWithoutToken = try await fresh.post("/staff/login/otp", form: [("otp", try site.staffCode(enrollment))])
            #expect(codeWithoutToken.status == .forbidden)
            #expect(try await fresh.get("/staff").location == "/staff/login/otp", "the code was not taken")
        }
    }

    @Test func aCustomerSessionOpensNoStaffPage() async throws {
        try await withSite { site in
            try await site.enrollStaff()
            let customer = site.browser()
            try await customer.logIn()
            let customerCookie = try #require(customer.cookie("kyoei_session"))
            for path in StaffLoginTests.staffPages {
                let page = try await customer.get(path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.location == "/staff/login", "\(path)")
            }
            // The customer's cookie value under the staff cookie's name is no staff session.
            for path in StaffLoginTests.staffPages {
                let forged = site.browser()
                forged.setCookie("kyoei_staff", customerCookie)
                #expect(try await forged.get(path).location == "/staff/login?reason=ended", "\(path)")
            }
            #expect(try await customer.get("/menu").status == .ok, "the customer's own session is untouched")
            #expect(try await site.audit(event: "staff_view").isEmpty)
        }
    }

    @Test func aStaffSessionOpensNoCustomerPage() async throws {
        try await withSite { site in
            let (browser, _) = try await site.staffBrowser()
            let staffCookie = try #require(browser.cookie("kyoei_staff"))
            for path in ["/menu", "/balances", "/statement", "/transfer", "/payees", "/otp", "/mail-password"] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.location == "/login", "\(path)")
                let forged = site.browser()
                forged.setCookie("kyoei_session", staffCookie)
                #expect(try await forged.get(path).location == "/login?reason=ended", "\(path)")
            }
            #expect(try await browser.get("/").location == "/login")
            #expect(try await browser.get("/staff").status == .ok)
        }
    }

    @Test func theLanguageSwitchStaysInTheBackOffice() async throws {
        try await withSite { site in
            let (browser, _) = try await site.staffBrowser()
            let token = try await browser.staffToken()
            for target in ["/menu", "//evil.example", "https://evil.example/staff"] {
                let away = try await browser.post("/staff/language", form: [("_csrf", token), ("lang", "en"), ("return_to", target)])
                #expect(away.location == "/staff", "\(target)")
            }
            let switched = try await browser.post("/staff/language", form: [
                ("_csrf", token), ("lang", "en"), ("return_to", "/staff/audit?event=login")])
            #expect(switched.status == .seeOther)
            #expect(switched.location == "/staff/audit?event=login")
            #expect(browser.cookie("kyoei_lang") == "en")
            for path in ["/staff", "/staff/customers?login_id=tanaka", "/staff/customers/\(site.customer.customer.id)",
                         "/staff/audit", "/staff/compensation?customer_id=\(site.customer.customer.id)"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.body.contains(#"<html lang="en">"#), "\(path)")
                #expect(page.body.contains("Kyoei Net Banking Back Office"), "\(path)")
                #expect(!page.body.contains("{{"), "\(path)")
            }
            let login = try await site.browser().get("/staff/login")
            #expect(login.body.contains(#"<html lang="ja">"#), "Japanese first")
        }
    }

    @Test func overHTTPSTheCookiesAreSecure() async throws {
        try await withSite(publicURL: "https://ib.kyoei.example") { site in
            let enrollment = try await site.enrollStaff()
            let browser = site.browser()
            let login = try await browser.get("/staff/login")
            #expect(login.cookie("kyoei_staff_prelogin")?.has("Secure") == true)
            site.clock.advance(by: 60)
            let password = try await browser.staffPasswordStep(Site.staffID)
            let cookie = try #require(password.cookie("kyoei_staff"), "no __Host- prefix: Path is /staff")
            #expect(cookie.has("Secure") && cookie["Path"] == "/staff" && cookie["SameSite"] == "Strict")
            let done = try await browser.staffCodeStep(try site.staffCode(enrollment))
            #expect(done.cookie("kyoei_staff")?.has("Secure") == true)
        }
    }
}
