import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// Forged POSTs are refused; every response carries the security headers.
@Suite struct CSRFAndHeadersTests {
    static func expectSecurityHeaders(_ response: WebResponse, _ what: String, cacheable: Bool = false,
                                      sourceLocation: SourceLocation = #_sourceLocation) {
        let csp = response.headers[.contentSecurityPolicy] ?? ""
        #expect(csp.contains("default-src 'none'"), "\(what): CSP \(csp)", sourceLocation: sourceLocation)
        #expect(csp.contains("frame-ancestors 'none'"), "\(what)", sourceLocation: sourceLocation)
        #expect(!csp.contains("unsafe-inline"), "\(what)", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(what)", sourceLocation: sourceLocation)
        #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(what)", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(what)", sourceLocation: sourceLocation)
        if cacheable {
            #expect(response.headers[.cacheControl]?.hasPrefix("public") == true, "\(what)", sourceLocation: sourceLocation)
        } else {
            #expect(response.headers[.cacheControl] == "no-store", "\(what)", sourceLocation: sourceLocation)
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await withSite { site in
            let browser = site.browser()
            let loginPage = try await browser.get("/login")
            Self.expectSecurityHeaders(loginPage, "GET /login")
            Self.expectSecurityHeaders(try await site.browser().post("/login", form: [("login_id", "x")]), "forged POST /login")
            Self.expectSecurityHeaders(try await browser.logIn(Site.loginID, "WrongPassw0rd"), "failed login")
            Self.expectSecurityHeaders(try await site.browser().get("/menu"), "redirect to login")
            Self.expectSecurityHeaders(try await browser.get("/no-such-page"), "404")
            Self.expectSecurityHeaders(try await browser.get("/healthz"), "health")
            Self.expectSecurityHeaders(try await browser.logIn(), "login redirect")
            for path in ["/menu", "/balances", "/statement", "/statement?from=2026-13-01"] {
                Self.expectSecurityHeaders(try await browser.get(path), path)
            }
            Self.expectSecurityHeaders(try await browser.post("/logout", form: []), "forged logout")
            let css = try await browser.get("/static/app.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            Self.expectSecurityHeaders(css, "stylesheet", cacheable: true)
        }
    }

    @Test func pagesHaveNoInlineScriptOrStyle() async throws {
        try await withSite { site in
            let browser = site.browser()
            var pages = [try await browser.get("/login")]
            try await browser.logIn()
            for path in ["/menu", "/balances", "/statement"] { pages.append(try await browser.get(path)) }
            for (index, page) in pages.enumerated() {
                // One script, the session timer's file (signed-in pages only); nothing inline.
                let scripts = page.body.components(separatedBy: "<script").dropFirst()
                #expect(scripts.allSatisfy { $0.hasPrefix(#" src="/static/session-timer.js" defer></script>"#) })
                #expect(scripts.count == (index == 0 ? 0 : 1), "the login page has none")
                #expect(!page.body.contains("style="))
                #expect(!page.body.contains("<style"))
            }
        }
    }

    @Test func loginWithoutOrWithWrongTokenIsRefused() async throws {
        try await withSite { site in
            let browser = site.browser()
            let token = try #require(try await browser.get("/login").csrf)
            let credentials = [("login_id", Site.loginID), ("login_password", Site.password)]

            let missing = try await browser.post("/login", form: credentials)
            let forged = try await browser.post("/login", form: [("_csrf", String(repeating: "ab", count: 32))] + credentials)
            let empty = try await browser.post("/login", form: [("_csrf", "")] + credentials)
            let prefix = try await browser.post("/login", form: [("_csrf", String(token.prefix(63)))] + credentials)
            // The right token without its cookie (another site cannot set our cookie).
            let cookieless = site.browser()
            let noCookie = try await cookieless.post("/login", form: [("_csrf", token)] + credentials)
            // A cookie and field that match each other but were never issued are refused too:
            // the token is signed by the server (PreLoginTokenTests).
            for (name, response) in [("missing", missing), ("forged", forged), ("empty", empty), ("prefix", prefix),
                                     ("no cookie", noCookie)] {
                #expect(response.status == .forbidden, "\(name)")
                #expect(response.body.contains(Text.csrfError), "\(name)")
                #expect(response.cookie("kyoei_session") == nil, "\(name)")
            }
            #expect(try await site.sessionCount() == 0)
            #expect(try await site.audit(event: "login").isEmpty, "a forged request never reaches the login")
            // The genuine form still works afterwards.
            #expect(try await browser.post("/login", form: [("_csrf", token)] + credentials).location == "/menu")
        }
    }

    @Test func loginFromAnotherOriginIsRefused() async throws {
        try await withSite { site in
            for origin in ["https://evil.example", "null", "http://127.0.0.1:8080.evil.example", "https://127.0.0.1:8081"] {
                let browser = site.browser()
                let response = try await browser.logIn(headers: [.origin: origin])
                #expect(response.status == .forbidden, "Origin \(origin)")
                #expect(response.body.contains(Text.csrfError))
                #expect(response.cookie("kyoei_session") == nil)
            }
            #expect(try await site.sessionCount() == 0)
            // The site's own public origin is accepted.
            #expect(try await site.browser().logIn(headers: [.origin: Site.publicURL]).location == "/menu")
        }
    }

    @Test func logoutNeedsTheSessionToken() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let token = try await browser.sessionToken()
            let preLogin = try #require(try await site.browser().get("/login").csrf)
            for form in [[], [("_csrf", "")], [("_csrf", String(repeating: "0", count: 64))], [("_csrf", preLogin)]] {
                let response = try await browser.post("/logout", form: form)
                #expect(response.status == .forbidden)
                #expect(response.body.contains(Text.csrfError))
                #expect(response.cookie("kyoei_session") == nil, "the session cookie is not touched")
                #expect(try await browser.get("/menu").status == .ok, "still logged in")
            }
            let foreign = try await browser.post("/logout", form: [("_csrf", token)], headers: [.origin: "https://evil.example"])
            #expect(foreign.status == .forbidden)
            #expect(try await browser.get("/menu").status == .ok)
            #expect(try await site.audit(event: "logout").isEmpty)
            // Another customer's session token is not this session's.
            let other = site.browser()
            try await other.logIn()
            let otherToken = try await other.sessionToken()
            #expect(otherToken != token)
            #expect(try await browser.post("/logout", form: [("_csrf", otherToken)]).status == .forbidden)
        }
    }

    @Test func getLogoutIsNotARouteAndDoesNotLogOut() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let token = try await browser.sessionToken()
            let response = try await browser.get("/logout?_csrf=\(token)")
            #expect([.notFound, .methodNotAllowed].contains(response.status))
            #expect(response.cookie("kyoei_session") == nil)
            #expect(try await browser.get("/menu").status == .ok)
            #expect(try await site.sessionCount() == 1)
        }
    }

    @Test func logoutWithoutSessionGoesToLogin() async throws {
        try await withSite { site in
            let response = try await site.browser().post("/logout", form: [("_csrf", "x")])
            #expect(response.status == .seeOther)
            #expect(response.location?.hasPrefix("/login") == true)
        }
    }

    @Test func oversizedFormIsRefused() async throws {
        try await withSite { site in
            let browser = site.browser()
            let token = try #require(try await browser.get("/login").csrf)
            let response = try await browser.post("/login", form: [("_csrf", token), ("login_id", String(repeating: "a", count: 70_000)),
                                                                   ("login_password", "x")])
            #expect(response.cookie("kyoei_session") == nil)
            #expect(try await site.audit(event: "login").isEmpty)
            Self.expectSecurityHeaders(response, "oversized form")
            // The 64 KiB body limit answers 413 with the site's error page, not a server failure.
            #expect(response.status == .contentTooLarge)
            #expect(response.body.contains("入力内容に誤りがあります"))
        }
    }
}
