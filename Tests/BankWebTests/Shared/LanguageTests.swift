import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Testing

/// The language switch in the header: a POST with the CSRF token, back to a local page only.
@Suite struct LanguageTests {
    @Test func switchingToEnglishAfterLogin() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let menu = try await browser.get("/menu")
            #expect(menu.body.contains(#"<input type="hidden" name="lang" value="en">"#))
            #expect(menu.body.contains(#"<input type="hidden" name="return_to" value="/menu">"#))
            let token = try #require(menu.csrf)

            let response = try await browser.post("/language", form: [("_csrf", token), ("lang", "en"), ("return_to", "/menu")])
            #expect(response.status == .seeOther)
            #expect(response.location == "/menu")
            let cookie = try #require(response.cookie("kyoei_lang"))
            #expect(cookie.value == "en")
            #expect(cookie["Max-Age"] == String(365 * 86_400))
            #expect(cookie["Path"] == "/")
            #expect(cookie["SameSite"] == "Lax")
            #expect(cookie.has("HttpOnly"))
            #expect(!cookie.has("Secure"))

            let english = try await browser.get("/menu")
            #expect(english.status == .ok)
            #expect(english.body.contains("Menu (メニュー画面)"))
            #expect(english.body.contains(#"<html lang="en">"#))
            #expect(english.body.contains(#"id="customer-name">田中 花子</span>"#))
            #expect(english.body.contains("This is your first login."))
            #expect(!english.body.contains("メニューへ戻る"))

            // And back to Japanese.
            let back = try await browser.post("/language", form: [("_csrf", token), ("lang", "ja"), ("return_to", "/balances")])
            #expect(back.location == "/balances")
            #expect(back.cookie("kyoei_lang")?.value == "ja")
            #expect(try await browser.get("/menu").body.contains("<h1>メニュー画面</h1>"))
        }
    }

    @Test func switchingBeforeLoginUsesThePreLoginToken() async throws {
        try await withSite { site in
            let browser = site.browser()
            let token = try #require(try await browser.get("/login").csrf)
            let response = try await browser.post("/language", form: [("_csrf", token), ("lang", "en"), ("return_to", "/login")])
            #expect(response.status == .seeOther)
            #expect(response.location == "/login")
            let page = try await browser.get("/login")
            #expect(page.body.contains("Log in (ログイン画面)"))
            #expect(page.body.contains(#"<label for="login_id">Login ID</label>"#))
            #expect(page.body.contains(#"<label for="login_password">Login password</label>"#))
            let failed = try await browser.logIn(Site.loginID, "WrongPassw0rd")
            expectErrorList(failed, "The login ID or login password is incorrect.")
            let timeout = try await browser.get("/login?reason=timeout")
            #expect(timeout.body.contains("You were logged out after a period of inactivity."))
            #expect(try await browser.logIn().location == "/menu", "the pre-login token still works after the switch")
        }
    }

    @Test(arguments: ["//evil.example", "//evil.example/menu", "https://evil.example/", "http:/evil.example",
                      "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "", "menu", " //evil.example"])
    func returnToOutsideTheSiteGoesHome(target: String) async throws {
        try await withSite { site in
            let browser = site.browser()
            let token = try #require(try await browser.get("/login").csrf)
            let response = try await browser.post("/language", form: [("_csrf", token), ("lang", "en"), ("return_to", target)])
            #expect(response.status == .seeOther)
            #expect(response.location == "/", "return_to \(target)")
            #expect(response.cookie("kyoei_lang")?.value == "en")
        }
    }

    @Test func localReturnToKeepsPathAndQuery() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let token = try await browser.sessionToken()
            let target = "/statement?account=\(site.customer.savings.id)&from=2026-11-01"
            let response = try await browser.post("/language", form: [("_csrf", token), ("lang", "en"), ("return_to", target)])
            #expect(response.location == target)
            let page = try await browser.get(target)
            #expect(page.body.contains(#"name="return_to" value="/statement?account=\#(site.customer.savings.id)&amp;from=2026-11-01""#))
        }
    }

    /// Browsers drop tabs and newlines from a URL before resolving it (WHATWG URL parsing),
    /// so `/<TAB>/evil.example` arrives as `//evil.example`: another host.
    @Test func returnToWithControlCharactersDoesNotLeaveTheSite() async throws {
        try await withSite { site in
            let browser = site.browser()
            let token = try #require(try await browser.get("/login").csrf)
            for target in ["/\n/evil.example", "/\r\n/evil.example", "/\t/evil.example"] {
                let response = try await browser.post("/language", form: [("_csrf", token), ("lang", "en"), ("return_to", target)])
                #expect(response.status == .seeOther)
                let location = response.location ?? ""
                #expect(!location.unicodeScalars.contains { $0 == "\r" || $0 == "\n" }, "no header splitting")
                var browserView = location
                browserView.unicodeScalars.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" }
                #expect(!browserView.hasPrefix("//"), "return_to \(target.debugDescription) → Location \(location.debugDescription)")
                #expect(location == "/", "control characters are refused outright")
            }
        }
    }

    @Test func switchingNeedsTheTokenAndOurOrigin() async throws {
        try await withSite { site in
            let browser = site.browser()
            try await browser.logIn()
            let token = try await browser.sessionToken()
            let preLogin = try #require(try await site.browser().get("/login").csrf)
            for (form, headers) in [
                ([("lang", "en"), ("return_to", "/menu")], HTTPFields()),
                ([("_csrf", preLogin), ("lang", "en"), ("return_to", "/menu")], HTTPFields()),
                ([("_csrf", token), ("lang", "en"), ("return_to", "/menu")], HTTPFields([HTTPField(name: .origin, value: "https://evil.example")])),
            ] {
                let response = try await browser.post("/language", form: form, headers: headers)
                #expect(response.status == .forbidden)
                #expect(response.cookie("kyoei_lang") == nil)
                #expect(response.body.contains(Text.csrfError))
            }
            #expect(try await browser.get("/menu").body.contains("メニュー画面"))
        }
    }

    @Test func unknownLanguageFallsBackToJapanese() async throws {
        try await withSite { site in
            let browser = site.browser()
            let token = try #require(try await browser.get("/login").csrf)
            let response = try await browser.post("/language", form: [("_csrf", token), ("lang", "xx"), ("return_to", "/login")])
            #expect(response.cookie("kyoei_lang")?.value == "ja")
            let forged = site.browser()
            forged.setCookie("kyoei_lang", "fr")
            #expect(try await forged.get("/login").body.contains(#"<html lang="ja">"#))
        }
    }
}
