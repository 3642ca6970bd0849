import BankServices
import BankTestSupport
import BankWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The phone token app's own origin, as `kyoei serve` builds it (BankApplication.tokenAppRouter):
/// every file of the shell with its content type, `/strings.json` and `/config.json` made from
/// the catalog and the settings, one strict CSP on every answer, no cookie, 404 for the rest.
@Suite struct TokenAppOriginTests {
    static let contentTypes = [
        "/": "text/html; charset=utf-8", "/index.html": "text/html; charset=utf-8",
        "/app.js": "text/javascript; charset=utf-8", "/token.js": "text/javascript; charset=utf-8",
        "/sw.js": "text/javascript; charset=utf-8", "/app.css": "text/css; charset=utf-8",
        "/manifest.webmanifest": "application/manifest+json", "/icons/icon.svg": "image/svg+xml",
        "/icons/icon-192.png": "image/png", "/icons/icon-512.png": "image/png",
        "/strings.json": "application/json; charset=utf-8", "/config.json": "application/json; charset=utf-8",
    ]

    static let csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        + "connect-src 'self' http://127.0.0.1:8080/api/v1/token/; manifest-src 'self'; worker-src 'self'; base-uri 'none'; "
        + "form-action 'none'; frame-ancestors 'none'"

    @Test func everyFileIsServedWithItsTypeAndTheHeaders() async throws {
        try await withTokenAppOrigin { client in
            for (path, contentType) in Self.contentTypes {
                for method in [HTTPRequest.Method.get, .head] {
                    let response = try await client.executeRequest(uri: path, method: method, headers: [:], body: nil)
                    #expect(response.status == .ok, "\(method) \(path)")
                    #expect(response.headers[.contentType] == contentType, "\(path)")
                    Self.expectHeaders(response, path)
                    #expect(method == .head ? response.body.readableBytes == 0 : response.body.readableBytes > 0, "\(method) \(path)")
                }
            }
            let index = try await client.executeRequest(uri: "/", method: .get, headers: [:], body: nil)
            let file = try await client.executeRequest(uri: "/index.html", method: .get, headers: [:], body: nil)
            #expect(String(buffer: index.body) == String(buffer: file.body))
            #expect(String(buffer: index.body).contains("<html"))
        }
    }

    @Test func anythingElseIsAPlainNotFound() async throws {
        try await withTokenAppOrigin { client in
            for path in ["/token-app", "/login", "/api/v1/token/provision", "/static/app.css", "/healthz", "/icons/",
                         "/Shell/index.html", "/../Package.swift", "/staff", "/app.js.map"] {
                let response = try await client.executeRequest(uri: path, method: .get, headers: [:], body: nil)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8", "\(path)")
                Self.expectHeaders(response, path)
            }
            for method in [HTTPRequest.Method.post, .put, .delete, .options] {
                let response = try await client.executeRequest(uri: "/app.js", method: method, headers: [:], body: nil)
                #expect(response.status == .methodNotAllowed, "\(method)")
                #expect(response.headers[.allow] == "GET, HEAD")
                Self.expectHeaders(response, "\(method) /app.js")
            }
        }
    }

    @Test func stringsHaveEveryTokenAppTextInBothLanguages() async throws {
        try await withTokenAppOrigin { client in
            let response = try await client.executeRequest(uri: "/strings.json", method: .get, headers: [:], body: nil)
            let strings = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: [String: String]])
            #expect(Set(strings.keys) == ["ja", "en"])
            for language in Language.allCases {
                let expected = TextCatalog.raw[language]!.keys.filter { $0.hasPrefix("token_pwa.") }
                #expect(!expected.isEmpty)
                let served = try #require(strings[language.rawValue])
                #expect(Set(served.keys) == Set(expected), "\(language)")
                for (key, text) in served {
                    #expect(text == language.text(key), "\(language) \(key)")
                    #expect(!text.contains("{bank_"), "\(language) \(key): the bank's words are filled in")
                }
            }
        }
    }

    @Test func configNamesTheBankAndItsService() async throws {
        try await withTokenAppOrigin(publicURL: "https://ib.example.jp/") { client in
            let response = try await client.executeRequest(uri: "/config.json", method: .get, headers: [:], body: nil)
            let config = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String])
            #expect(config == ["bank_url": "https://ib.example.jp", "service_id": "KYOEI-IB", "bank_name": "協栄信用組合"])
            #expect(response.headers[.contentSecurityPolicy]?.contains("connect-src 'self' https://ib.example.jp/api/v1/token/;") == true)
        }
    }

    static func expectHeaders(_ response: TestResponse, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.headers[.contentSecurityPolicy] == csp, "\(what)", sourceLocation: sourceLocation)
        #expect(response.headers[.cacheControl] == "no-cache", "\(what)", sourceLocation: sourceLocation)
        #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(what)", sourceLocation: sourceLocation)
        #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(what)", sourceLocation: sourceLocation)
        #expect(response.headers[.setCookie] == nil, "\(what): no cookie on this origin", sourceLocation: sourceLocation)
        #expect(response.headers[.accessControlAllowOrigin] == nil, "\(what)", sourceLocation: sourceLocation)
    }
}

/// The token app's origin for the fixture bank, in-process, the bank's site at `publicURL`.
func withTokenAppOrigin(publicURL: String = Site.publicURL, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
    try await TestDatabases.withBank(.sqlite) { bank in
        let settings = WebSettings(publicURL: publicURL)
        let site = TokenAppSite(bank: bank, bankSettings: settings, shell: try TokenAppShell.load())
        let app = Application(router: BankApplication.tokenAppRouter(site: site, bankSettings: settings), logger: TestDatabases.logger)
        try await app.test(.router) { client in try await body(client) }
    }
}
