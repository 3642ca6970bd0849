import BankServices
import BankWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The Origin of a POST is compared with the configured public URL(s) only, never with the
/// request's own `Host` (issue 13 § 4).
@Suite struct OriginCheckTests {
    static let publicURL = "https://bank.example"

    /// GET /login then POST it with the given Host and Origin, over a real socket (the
    /// in-process client cannot send its own Host).
    static func login(port: Int, host: String, origin: String) async throws -> RawHTTPResponse {
        let page = try await RawHTTPResponse.exchange(port: port, "GET /login HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
        let cookie = try #require(page.setCookies.first { $0.name == "__Host-kyoei_prelogin" })
        let token = try #require(page.csrf)
        let body = formEncode([("_csrf", token), ("login_id", Site.loginID), ("login_password", Site.password)])
        return try await RawHTTPResponse.exchange(port: port, """
            POST /login HTTP/1.1\r\nHost: \(host)\r\nOrigin: \(origin)\r\nCookie: \(cookie.name)=\(cookie.value)\r\n\
            Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)
            """)
    }

    @Test func anotherHostWithItsOwnOriginIsRefused() async throws {
        try await withLiveSite(publicURL: Self.publicURL) { port, bank in
            let response = try await Self.login(port: port, host: "evil.example", origin: "http://evil.example")
            #expect(response.status == 403, "\(response.statusLine)")
            #expect(response.body.contains(Text.csrfError))
            #expect(!response.setCookies.contains { $0.name == "__Host-kyoei_session" })
        }
    }

    @Test func downgradeToHTTPIsRefused() async throws {
        try await withLiveSite(publicURL: Self.publicURL) { port, _ in
            let response = try await Self.login(port: port, host: "bank.example", origin: "http://bank.example")
            #expect(response.status == 403, "\(response.statusLine)")
            #expect(!response.setCookies.contains { $0.name == "__Host-kyoei_session" })
        }
    }

    @Test func thePublicOriginLogsIn() async throws {
        try await withLiveSite(publicURL: Self.publicURL) { port, _ in
            let response = try await Self.login(port: port, host: "bank.example", origin: Self.publicURL)
            #expect(response.status == 303, "\(response.statusLine)")
            #expect(response.header("Location") == "/menu")
            #expect(response.setCookies.contains { $0.name == "__Host-kyoei_session" })
        }
    }

    /// The back office on a listener of its own answers to its own public URL
    /// (KYOEI_STAFF_PUBLIC_URL), not to the customer site's and not to whatever Host came.
    @Test func staffListenerComparesWithItsOwnPublicURL() async throws {
        try await withSite(publicURL: Self.publicURL) { site in
            let staffURL = "http://10.0.0.5:8081"
            let customerSite = CustomerSite(bank: site.bank, settings: WebSettings(publicURL: Self.publicURL), renderer: site.renderer)
            let router = BankApplication.staffRouter(site: customerSite, settings: WebSettings(publicURL: staffURL))
            try await site.enrollStaff()
            try await Application(router: router).test(.router) { client in
                // The in-process client's requests carry `localhost` as their authority.
                for origin in ["http://localhost", "https://localhost", Self.publicURL, "http://10.0.0.5:8082"] {
                    let browser = Browser(client: client, userAgent: Site.userAgent)
                    let response = try await browser.staffPasswordStep(Site.staffID, headers: [.origin: origin])
                    #expect(response.status == .forbidden, "Origin \(origin)")
                }
                let browser = Browser(client: client, userAgent: Site.userAgent)
                #expect(try await browser.staffPasswordStep(Site.staffID, headers: [.origin: staffURL]).location == "/staff/login/otp")
            }
        }
    }

    /// The embedded default's public URL is on this machine: its other loopback spellings
    /// (same scheme and port) are the same site; nothing else is.
    @Test func loopbackPublicURLAcceptsItsOtherSpellings() async throws {
        try await withSite(publicURL: "http://127.0.0.1:8080") { site in
            for origin in ["http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080"] {
                let response = try await site.browser().logIn(headers: [.origin: origin])
                #expect(response.location == "/menu", "\(origin)")
            }
            for origin in ["http://localhost", "https://localhost:8080", "http://localhost:8081", "http://127.0.0.2:8080"] {
                let response = try await site.browser().logIn(headers: [.origin: origin])
                #expect(response.status == .forbidden, "\(origin)")
            }
        }
    }
}
