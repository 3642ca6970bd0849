import BankCore
import BankServices
import BankTestSupport
import BankWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The customer's cookie when served over HTTPS, and the session timeouts as shipped
/// (600 s idle, 3,600 s absolute), which the other tests set explicitly (issue 13 § 5).
@Suite struct HTTPSCookieAndDefaultTimeoutTests {
    @Test func overHTTPSTheCookiesAreHostPrefixedAndSecure() async throws {
        try await withSite(publicURL: "https://bank.example") { site in
            let browser = site.browser()
            let page = try await browser.get("/login")
            let preLogin = try #require(page.cookie("__Host-kyoei_prelogin"))
            #expect(preLogin.has("Secure") && preLogin.has("HttpOnly") && preLogin["Path"] == "/" && !preLogin.has("Domain"))
            #expect(page.cookie("kyoei_prelogin") == nil)
            #expect(page.headers[HTTPField.Name("Strict-Transport-Security")!] == "max-age=31536000; includeSubDomains")

            let login = try await browser.post("/login", form: [("_csrf", try #require(page.csrf)), ("login_id", Site.loginID),
                                                                ("login_password", Site.password)])
            #expect(login.location == "/menu")
            let session = try #require(login.cookie("__Host-kyoei_session"), "\(login.setCookies)")
            #expect(session.has("Secure"))
            #expect(session.has("HttpOnly"))
            #expect(session["SameSite"]?.lowercased() == "lax")
            #expect(session["Path"] == "/")
            #expect(!session.has("Domain"), "__Host- cookies carry no Domain")
            #expect(isLowerHex64(session.value))
            #expect(login.cookie("kyoei_session") == nil, "no cookie under the plain name")
            #expect(try await browser.get("/menu").status == .ok, "the __Host- cookie is the one read back")

            // Logging out deletes the same cookie, with the same attributes.
            let logout = try await browser.post("/logout", form: [("_csrf", try await browser.sessionToken())])
            let cleared = try #require(logout.cookie("__Host-kyoei_session"))
            #expect(cleared.isDeletion && cleared.has("Secure") && cleared["Path"] == "/")
        }
    }

    @Test func overPlainHTTPTheCookieHasNoPrefixAndNoSecure() async throws {
        try await withSite(publicURL: "http://127.0.0.1:8080") { site in
            let login = try await site.browser().logIn()
            let session = try #require(login.cookie("kyoei_session"))
            #expect(!session.has("Secure") && session.has("HttpOnly"))
            #expect(login.cookie("__Host-kyoei_session") == nil)
        }
    }

    /// The site as `kyoei serve` builds it with nothing configured: the library's defaults.
    static func withDefaultSite(_ body: @Sendable (Site) async throws -> Void) async throws {
        try await BankWorld.with(.sqlite) { world in
            let bank = world.bank
            let seeded = try await SeededCustomer.create(bank)
            let renderer = try await PageRenderer.load()
            let site = CustomerSite(bank: bank, settings: WebSettings(), renderer: renderer)
            try await Application(router: BankApplication.router(site: site)).test(.router) { client in
                try await body(Site(world: world, customer: seeded, renderer: renderer, client: client))
            }
        }
    }

    @Test func theDefaultsAre600SecondsIdleAnd3600Absolute() {
        #expect(BankSettings().sessions.idleTimeout == 600)
        #expect(BankSettings().sessions.absoluteTimeout == 3600)
    }

    @Test func idleSessionIsAliveAt599SecondsAndGoneAt601() async throws {
        try await Self.withDefaultSite { site in
            let early = site.browser()
            #expect(try await early.logIn().location == "/menu")
            site.clock.advance(by: 599)
            #expect(try await early.get("/menu").status == .ok, "599 s idle: still logged in")

            let late = site.browser()
            #expect(try await late.logIn().location == "/menu")
            site.clock.advance(by: 601)
            let gone = try await late.get("/menu")
            #expect(gone.location == "/login?reason=timeout", "601 s idle: \(gone.status) \(gone.location ?? "")")
            #expect(gone.cookie("kyoei_session")?.isDeletion == true)
        }
    }

    @Test func sessionUsedEveryMinuteEndsAfter3600Seconds() async throws {
        try await Self.withDefaultSite { site in
            let browser = site.browser()
            #expect(try await browser.logIn().location == "/menu")
            for minute in 1...59 {
                site.clock.advance(by: 60)
                #expect(try await browser.get("/menu").status == .ok, "minute \(minute)")
            }
            site.clock.advance(by: 59)
            #expect(try await browser.get("/menu").status == .ok, "3,599 s: still logged in")
            site.clock.advance(by: 2)
            let gone = try await browser.get("/menu")
            #expect(gone.location == "/login?reason=expired", "3,601 s: \(gone.status) \(gone.location ?? "")")
        }
    }
}
