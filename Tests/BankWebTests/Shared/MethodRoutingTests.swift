import BankAPI
import BankServices
import BankWeb
import Foundation
import HTTPTypes
import Hummingbird
import Testing

/// HEAD answers as GET without a body on every GET route; any other method on a known path
/// is 405 with `Allow` (issue 13 § 4). The routes come from the router itself.
@Suite struct MethodRoutingTests {
    static func routes(_ site: Site) -> [Router<BankRequestContext>.RouteDescription] {
        let customerSite = CustomerSite(bank: site.bank, settings: WebSettings(publicURL: Site.publicURL), renderer: site.renderer)
        return BankApplication.router(site: customerSite).routes
    }

    /// `:id` and the like replaced by the seeded customer's id (a page that exists for most).
    static func concrete(_ pattern: String, _ site: Site) -> String {
        pattern.split(separator: "/").map { $0.hasPrefix("{") || $0.hasPrefix(":") ? "\(site.customer.customer.id)" : String($0) }
            .reduce("") { $0 + "/" + $1 }.nonEmpty ?? "/"
    }

    @Test func everyGetRouteAnswersHeadLikeGetWithoutABody() async throws {
        // Every /api/v1 GET is sent four times without a bearer token: far over the per-address
        // limit for such requests, which would answer 429 part-way through.
        try await withSite(apiAnonymousRateLimit: APIRateLimit(requests: 10_000, seconds: 60)) { site in
            let customer = site.browser()
            try await customer.logIn()
            let (staff, _) = try await site.staffBrowser()
            let anonymous = site.browser()
            let getRoutes = Self.routes(site).filter { $0.method == .get }.map(\.path.description)
            #expect(getRoutes.count >= 30)
            for pattern in getRoutes {
                let path = Self.concrete(pattern, site)
                for browser in [anonymous, pattern.hasPrefix("/staff") ? staff : customer] {
                    let get = try await browser.get(path)
                    let head = try await browser.send(path, method: .head, headers: [:], body: nil)
                    #expect(head.status == get.status, "HEAD \(path): \(head.status), GET \(get.status)")
                    #expect(head.body.isEmpty, "HEAD \(path) has no body")
                    #expect(head.headers[.contentType] == get.headers[.contentType], "HEAD \(path)")
                    #expect(head.headers[.location] == get.headers[.location], "HEAD \(path)")
                    #expect(head.headers[.contentSecurityPolicy] != nil, "HEAD \(path) carries the security headers")
                }
            }
        }
    }

    @Test func otherMethodsOnAKnownPathAre405WithAllow() async throws {
        try await withSite { site in
            let browser = site.browser()
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.get, "/logout", "POST"),
                (.head, "/logout", "POST"),
                (.put, "/login", "GET, HEAD, POST"),
                (.delete, "/payees/1/delete", "GET, HEAD, POST"),
                (.options, "/menu", "GET, HEAD"),
                (.patch, "/staff/customers/1", "GET, HEAD"),
                (.post, "/static/app.css", "GET, HEAD"),
            ]
            for (method, path, allow) in cases {
                let response = try await browser.send(path, method: method, headers: [:], body: nil)
                #expect(response.status == .methodNotAllowed, "\(method) \(path): \(response.status)")
                #expect(response.headers[.allow] == allow, "\(method) \(path)")
                #expect(method == .head ? response.body.isEmpty : response.body.contains("<html"), "\(method) \(path)")
                #expect(response.headers[.contentSecurityPolicy] != nil)
            }
            // A path nobody serves stays 404, whatever the method.
            for method in [HTTPRequest.Method.get, .head, .put] {
                let response = try await browser.send("/no-such-page", method: method, headers: [:], body: nil)
                #expect(response.status == .notFound, "\(method)")
                #expect(response.headers[.allow] == nil)
            }
        }
    }

    /// Over a real socket too: the HEAD answer has the GET answer's length and no body bytes,
    /// so the next request on the connection is read correctly.
    @Test func headOverTheWireKeepsTheConnectionUsable() async throws {
        try await withLiveSite { port, _ in
            let connection = try RawConnection(port: port)
            connection.send("HEAD /login HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let received = await connection.receive(waitingAtMost: 45)
            let parts = received.text.components(separatedBy: "\r\n\r\n")
            #expect(received.statusLine == "HTTP/1.1 200 OK")
            #expect(parts.count >= 2 && parts[1].hasPrefix("HTTP/1.1 200 OK"), "\(received.text)")
            #expect(received.text.hasSuffix("\r\n\r\n" + #"{"status":"alive"}"# + "\n"), "\(received.text)")
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
