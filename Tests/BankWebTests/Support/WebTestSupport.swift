import BankAPI
import BankCore
import BankServices
import BankStore
import BankTestSupport
import BankWeb
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

/// One customer site on the fixture world (BankTestSupport's `BankWorld`: a fresh bank with a
/// manual clock) and its seeded customer, driven in-process.
struct Site: BankWorldHolding {
    let world: BankWorld
    let customer: SeededCustomer
    let renderer: PageRenderer
    let client: any TestClientProtocol

    init(world: BankWorld, customer: SeededCustomer, renderer: PageRenderer, client: any TestClientProtocol) {
        self.world = world
        self.customer = customer
        self.renderer = renderer
        self.client = client
    }

    /// A new browser: its own cookie jar, nothing sent yet.
    func browser(userAgent: String = Site.userAgent) -> Browser { Browser(client: client, userAgent: userAgent) }

    static let userAgent = "KyoeiWebTests/1.0 (Swift Testing)"
    static let loginID = "tanaka01"
    static let password = SeededCustomer.loginPassword
    static let publicURL = "http://127.0.0.1:8080"
}

/// Builds the app exactly as `kyoei serve` does (router + security headers, the customer site
/// and the back office under /staff) and runs `body`.
/// `before` runs on the bank before the HTTP client exists (extra customers, postings).
/// `logger` (default: quiet) is the bank's, its database's and the application's, as in `kyoei serve`.
func withSite(_ engine: DatabaseEngine = .sqlite, lockoutLimit: Int = 5, idle: TimeInterval = 600, absolute: TimeInterval = 3600,
              setup: TestingSetup = .router, publicURL: String = Site.publicURL, random: any RandomSource = SystemRandomSource(),
              logger: Logger = TestDatabases.logger, apiAnonymousRateLimit: APIRateLimit? = nil,
              before: @Sendable (Bank, ManualClock) async throws -> Void = { _, _ in },
              _ body: @Sendable (Site) async throws -> Void) async throws {
    let settings = BankSettings(lockout: LockoutPolicy(limit: lockoutLimit),
                                sessions: SessionPolicy(idleTimeout: idle, absoluteTimeout: absolute))
    try await BankWorld.with(engine, settings: settings, random: random, logger: logger) { world in
        let bank = world.bank
        let seeded = try await SeededCustomer.create(bank)
        try await before(bank, world.clock)
        let renderer = try await PageRenderer.load()
        var webSettings = WebSettings(publicURL: publicURL)
        // Request ids of their own seeded sequence (the bank's stays as it was): the screen tests' pages show them.
        if let apiAnonymousRateLimit { webSettings.api.anonymousRateLimit = apiAnonymousRateLimit }
        if random is SeededRandom { webSettings.requestIDRandom = SeededRandom(seed: 0x5245_5155_4553_5449) }
        let customerSite = CustomerSite(bank: bank, settings: webSettings, renderer: renderer)
        let app = Application(router: BankApplication.router(site: customerSite), logger: logger)
        try await app.test(setup) { client in
            try await body(Site(world: world, customer: seeded, renderer: renderer, client: client))
        }
    }
}

/// One `Set-Cookie` field, parsed.
struct SetCookie: Sendable, CustomStringConvertible {
    let raw: String
    let name: String
    let value: String
    /// Attribute names lower-cased; flags map to "".
    let attributes: [String: String]

    init(_ raw: String) {
        self.raw = raw
        let parts = raw.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let first = parts.first ?? ""
        let pair = first.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        name = String(pair[0])
        value = pair.count > 1 ? String(pair[1]) : ""
        var attributes: [String: String] = [:]
        for part in parts.dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            attributes[kv[0].lowercased()] = kv.count > 1 ? String(kv[1]) : ""
        }
        self.attributes = attributes
    }

    func has(_ attribute: String) -> Bool { attributes[attribute.lowercased()] != nil }
    subscript(_ attribute: String) -> String? { attributes[attribute.lowercased()] }
    var isDeletion: Bool { self["Max-Age"] == "0" || value.isEmpty }
    var description: String { raw }
}

/// A response with its body decoded and helpers for what the tests look at.
struct WebResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: String

    var location: String? { headers[.location] }
    var setCookies: [SetCookie] { headers[values: .setCookie].map(SetCookie.init) }
    func cookie(_ name: String) -> SetCookie? { setCookies.last { $0.name == name } }

    /// The first hidden `_csrf` field of the page.
    var csrf: String? { firstCapture(#"name="_csrf" value="([^"]*)""#) }

    func firstCapture(_ pattern: String) -> String? { allCaptures(pattern).first?.first }

    /// Every match of `pattern`, each as its capture groups.
    func allCaptures(_ pattern: String) -> [[String]] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(body.startIndex..., in: body)
        return regex.matches(in: body, range: range).map { match in
            (1..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: body).map { String(body[$0]) } ?? ""
            }
        }
    }

    /// Rows of the statement table: date, memo, withdrawal, deposit, balance.
    var statementRows: [[String]] {
        allCaptures(#"<tr><td data-label="[^"]+">([^<]*)</td><td data-label="[^"]+">([^<]*)</td><td class="num" data-label="[^"]+">([^<]*)</td><td class="num" data-label="[^"]+">([^<]*)</td><td class="num" data-label="[^"]+">([^<]*)</td></tr>"#)
    }

    /// Rows of the balances table: branch, type, number, balance, account id.
    var balanceRows: [[String]] {
        allCaptures(#"<tr><td data-label="[^"]+">([^<]*)</td><td data-label="[^"]+">([^<]*)</td><td data-label="[^"]+">([^<]*)</td><td class="num balance" data-label="[^"]+">([^<]*)</td>\s*<td class="card-action"><a href="/statement\?account=(\d+)">"#)
    }
}

/// A browser: keeps cookies like a real one (Max-Age=0 deletes) and sends a User-Agent.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    let userAgent: String
    private let lock = NSLock()
    private var jar: [String: String] = [:]

    init(client: any TestClientProtocol, userAgent: String) {
        self.client = client
        self.userAgent = userAgent
    }

    func cookie(_ name: String) -> String? { lock.withLock { jar[name] } }
    /// Every cookie value held now (for tests that look for secrets where none belong).
    var cookieValues: [String] { lock.withLock { Array(jar.values) } }
    func setCookie(_ name: String, _ value: String?) { lock.withLock { jar[name] = value } }

    var cookieHeader: String {
        lock.withLock { jar.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
    }

    @discardableResult
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> WebResponse {
        try await send(uri, method: .get, headers: headers, body: nil)
    }

    @discardableResult
    func post(_ uri: String, form: [(String, String)], headers: HTTPFields = [:]) async throws -> WebResponse {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(uri, method: .post, headers: headers, body: ByteBuffer(string: formEncode(form)))
    }

    func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> WebResponse {
        var headers = headers
        if headers[.userAgent] == nil { headers[.userAgent] = userAgent }
        if headers[.cookie] == nil, !cookieHeader.isEmpty { headers[.cookie] = cookieHeader }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
        let result = WebResponse(status: response.status, headers: response.headers, body: String(buffer: response.body))
        lock.withLock {
            for cookie in result.setCookies {
                jar[cookie.name] = cookie.isDeletion ? nil : cookie.value
            }
        }
        return result
    }

    /// GET /login then POST the form with its token, as a person would.
    @discardableResult
    func logIn(_ loginID: String = Site.loginID, _ password: String = Site.password,
               headers: HTTPFields = [:]) async throws -> WebResponse {
        let page = try await get("/login")
        let token = try #require(page.csrf)
        return try await post("/login", form: [("_csrf", token), ("login_id", loginID), ("login_password", password)],
                              headers: headers)
    }

    /// The session's CSRF token, read from the menu's header forms.
    func sessionToken() async throws -> String {
        let menu = try await get("/menu")
        #expect(menu.status == .ok)
        return try #require(menu.csrf)
    }
}

/// `application/x-www-form-urlencoded` with everything but unreserved characters escaped.
func formEncode(_ fields: [(String, String)]) -> String {
    let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
    return fields.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
}

func isLowerHex64(_ text: String) -> Bool {
    text.count == 64 && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
}

enum Text {
    static let invalidLogin = "ログインIDまたはログインパスワードが正しくありません。"
    static let locked = "ご利用を停止しています"
    static let csrfError = "画面の有効期限が切れたか、正しくない操作が行われました。"
    static let firstLogin = "今回が初めてのログインです。"
    static let timeoutNotice = "一定時間操作がなかったため"
    static let expiredNotice = "ログインから一定時間が経過したため"
    static let logoutNotice = "ログアウトしました"
    static let accountRefused = "指定された口座はお取り扱いできません"
}

/// Checks the error list at the top of a page (`<div class="errors" role="alert">`), which
/// the header shows only when the page has errors (`has_errors`).
func expectErrorList(_ page: WebResponse, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let list = page.firstCapture(#"<div class="errors" role="alert">\s*<ul>(.*?)</ul>"#)
    #expect(list?.contains(text) == true, "error list shows \(text)", sourceLocation: sourceLocation)
}
