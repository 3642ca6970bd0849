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

/// The whole application as `kyoei serve` builds it (pages, back office and /api/v1 on one
/// router) on the fixture world, driven in-process through the API.
struct APISite: BankWorldHolding {
    let world: BankWorld
    let customer: SeededCustomer
    let client: any TestClientProtocol

    static let loginID = "tanaka01"
    static let password = SeededCustomer.loginPassword
    static let confirmation = SeededCustomer.confirmationPassword
    static let userAgent = "KyoeiAPITests/1.0"

    /// One request: JSON body as text (sent as `application/json` unless `headers` says), the
    /// bearer token when given.
    func call(_ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> APIResponse {
        var headers: HTTPFields = [.userAgent: Self.userAgent]
        if json != nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        for field in extra { headers[field.name] = field.value }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers,
                                                       body: json.map { ByteBuffer(string: $0) })
        return APIResponse(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    /// POST /api/v1/sessions.
    func createSession(_ loginID: String = APISite.loginID, _ password: String = APISite.password,
                       headers: HTTPFields = [:]) async throws -> APIResponse {
        try await call(.post, "/api/v1/sessions", json: jsonText(["loginId": loginID, "password": password]), headers: headers)
    }

    /// A signed-in token (the OTP is off).
    func logIn() async throws -> String {
        let response = try await createSession()
        #expect(response.status == .created, "\(response.body)")
        #expect(response.json["step"] as? String == "active")
        return try #require(response.json["token"] as? String)
    }

    /// Turns the one-time password on for the seeded customer, through the use cases the
    /// pages call (an authenticator app, set up and activated with its first code). Returns the secret.
    func turnOnOTP() async throws -> [UInt8] {
        let token = try await logIn()
        let actor = BankActor.customer(id: customer.customer.id)
        _ = try await bank.otp.issueToken(by: actor, kind: .authenticator, mobileEmail: "hanako.mobile@example.jp",
                                          activationPassword: "", confirmationPassword: Self.confirmation,
                                          session: [.loginPassword], sessionCookie: token, client: .commandLine)
        let setup = try #require(try await bank.otp.takeAuthenticatorSetup(by: actor, sessionCookie: token))
        let secret = try #require(Base32.decode(setup.secretBase32))
        try await bank.otp.activateToken(by: actor, code: code(secret), sessionCookie: token, client: .commandLine)
        // The next code is a new one: the activation's code is spent.
        clock.advance(by: TimeInterval(bank.settings.otp.parameters.step))
        _ = try await call(.delete, "/api/v1/sessions/current", token: token)
        return secret
    }

    func code(_ secret: [UInt8]) -> String { TOTP.code(secret: secret, at: clock.now(), parameters: bank.settings.otp.parameters) }

    /// The API's audit rows of the seeded customer.
    func apiAudit(event: String) async throws -> [AuditEvent] {
        try await audit(event: event, customerID: customer.customer.id).filter { $0.channel == "api" }
    }
}

/// An answer, with its body parsed as a JSON object when it is one.
struct APIResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: String

    var json: [String: any Sendable] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: any Sendable] ?? [:]
    }
    var contentType: String { headers[.contentType] ?? "" }

    /// The problem's `type` after `urn:kyoei:problem:`.
    var problem: String? {
        (json["type"] as? String).map { $0.replacingOccurrences(of: "urn:kyoei:problem:", with: "") }
    }
    /// The per-field errors: field → code.
    var fieldErrors: [String: String] {
        var out: [String: String] = [:]
        for item in json["errors"] as? [[String: any Sendable]] ?? [] {
            if let field = item["field"] as? String, let code = item["code"] as? String { out[field] = code }
        }
        return out
    }
    var messages: (ja: String, en: String) {
        let messages = json["messages"] as? [String: any Sendable] ?? [:]
        return (messages["ja"] as? String ?? "", messages["en"] as? String ?? "")
    }
}

func jsonText(_ object: [String: any Sendable]) -> String {
    String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
}

/// Builds the app as `kyoei serve` does and runs `body` against it.
func withAPI(_ engine: DatabaseEngine = .sqlite, lockoutLimit: Int = 5, idle: TimeInterval = 600, absolute: TimeInterval = 3600,
             api: APISettings = APISettings(anonymousRateLimit: APIRateLimit(requests: 1_000, seconds: 60)),
             before: @Sendable (Bank, ManualClock) async throws -> Void = { _, _ in },
             _ body: @Sendable (APISite) async throws -> Void) async throws {
    let settings = BankSettings(lockout: LockoutPolicy(limit: lockoutLimit),
                                sessions: SessionPolicy(idleTimeout: idle, absoluteTimeout: absolute))
    try await BankWorld.with(engine, settings: settings) { world in
        let seeded = try await SeededCustomer.create(world.bank)
        try await before(world.bank, world.clock)
        var web = WebSettings(publicURL: "http://127.0.0.1:8080")
        web.api = api
        let site = CustomerSite(bank: world.bank, settings: web, renderer: try await PageRenderer.load())
        let app = Application(router: BankApplication.router(site: site), logger: TestDatabases.logger)
        try await app.test(.router) { client in
            try await body(APISite(world: world, customer: seeded, client: client))
        }
    }
}
