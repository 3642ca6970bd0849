import BankServices
import BankWeb
import Foundation
import HTTPTypes
import Testing

/// The forms before login carry a token that this server signed (HMAC under a key derived
/// from KYOEI_SECRET_KEYS): a cookie and field that merely equal each other are refused
/// (issue 13 § 4).
@Suite struct PreLoginTokenTests {
    static let planted = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    static let credentials = [("login_id", Site.loginID), ("login_password", Site.password)]

    @Test func aPlantedCookieAndFieldPairIsRefused() async throws {
        try await withSite { site in
            let attacker = site.browser()
            for value in [Self.planted, String(repeating: "a", count: 64), String(repeating: "ab", count: 16) + String(repeating: "0", count: 32)] {
                attacker.setCookie("kyoei_prelogin", value)
                let response = try await attacker.post("/login", form: [("_csrf", value)] + Self.credentials)
                #expect(response.status == .forbidden, "\(value)")
                #expect(response.body.contains(Text.csrfError))
                #expect(response.cookie("kyoei_session") == nil)
                let language = try await attacker.post("/language", form: [("_csrf", value), ("lang", "en"), ("return_to", "/login")])
                #expect(language.status == .forbidden, "language switch with \(value)")
                #expect(language.cookie("kyoei_lang") == nil)
            }
            #expect(try await site.sessionCount() == 0)
            #expect(try await site.audit(event: "login").isEmpty, "a planted token never reaches the login")
        }
    }

    @Test func theGenuineTokenPassesAndAPlantedCookieIsReplaced() async throws {
        try await withSite { site in
            let browser = site.browser()
            browser.setCookie("kyoei_prelogin", Self.planted)
            let page = try await browser.get("/login")
            let issued = try #require(page.cookie("kyoei_prelogin"), "a planted cookie is not reused: a new one is issued")
            #expect(issued.value != Self.planted && page.csrf == issued.value)
            #expect(isLowerHex64(issued.value))
            // Reloading keeps the genuine token (several tabs, the back button).
            let again = try await browser.get("/login")
            #expect(again.cookie("kyoei_prelogin") == nil && again.csrf == issued.value)
            #expect(try await browser.post("/login", form: [("_csrf", issued.value)] + Self.credentials).location == "/menu")
        }
    }

    /// One byte of the signature changed, or the back office's token in the customer's cookie:
    /// refused.
    @Test func anAlteredOrForeignTokenIsRefused() async throws {
        try await withSite { site in
            let genuine = try #require(try await site.browser().get("/login").csrf)
            let last = genuine.last == "0" ? "1" : "0"
            let altered = String(genuine.dropLast()) + last
            let staffToken = try #require(try await site.browser().get("/staff/login").csrf)
            for value in [altered, staffToken] {
                let browser = site.browser()
                browser.setCookie("kyoei_prelogin", value)
                #expect(try await browser.post("/login", form: [("_csrf", value)] + Self.credentials).status == .forbidden)
            }
            #expect(try await site.sessionCount() == 0)
        }
    }

    @Test func backOfficeLoginRefusesAPlantedPair() async throws {
        try await withSite { site in
            try await site.enrollStaff()
            let attacker = site.browser()
            attacker.setCookie("kyoei_staff_prelogin", Self.planted)
            let response = try await attacker.post("/staff/login", form: [("_csrf", Self.planted), ("staff_id", Site.staffID),
                                                                          ("password", Site.staffPassword)])
            #expect(response.status == .forbidden)
            #expect(try await site.staffSessionCount() == 0)
            // The genuine form passes.
            #expect(try await site.browser().staffPasswordStep(Site.staffID).location == "/staff/login/otp")
        }
    }
}
