import ArgumentParser
import BankCore
import Foundation
import HummingbirdTesting

/// Drives the running server (`kyoei serve`) over HTTP with the fixture `setup` made:
/// - `login`: POST /login with the password (Argon2id-bound), round-robin over customers.
/// - `login-otp`: POST /login, GET /login/otp (its CSRF token), POST /login/otp with the
///   code: a whole password + OTP login, once per customer with a token.
/// - `otp`: POST /login/otp alone, on sessions whose password step passed: the code check
///   through HTTP (no hashing).
/// - `execute`: POST /transfer/execute on a prepared 確認画面 with the 確認用パスワード:
///   the HTTP 実行 with its real Argon2id check.
/// - `api-login`, `api-execute`: the JSON API's login and 実行 beside them (see `APIFlows`).
struct HTTPRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "http", abstract: "HTTP flows against the running server.")
    enum Flow: String, ExpressibleByArgument, CaseIterable {
        case login, loginOTP = "login-otp", otp, execute, apiLogin = "api-login", apiExecute = "api-execute"
        /// Runs for a time rather than over the fixture's items once.
        var isTimed: Bool { self == .login || self == .apiLogin }
    }

    @Option(help: "The server, http://127.0.0.1:PORT") var url: String
    @Option(help: "The fixture file from setup.") var fixture: String
    @Option(help: "login, login-otp, otp, execute, api-login or api-execute.") var flow: Flow
    @Option(help: "Concurrent clients (connections).") var clients = 8
    @Option(help: "Seconds to run (login); the other flows use each fixture item once.") var seconds = 10.0
    @Option(help: "Use at most this many fixture items.") var limit: Int?
    @Option(help: "Engine label for the table.") var engine = ""
    @Option(help: "Seconds of Argon2id alone measured just before a hash-bound flow (0: none).") var hashSeconds = 0.0

    func run() async throws {
        guard let components = URLComponents(string: url), let host = components.host, let port = components.port else {
            throw ValidationError("--url must be http://host:port")
        }
        let fixture = try Fixture.load(self.fixture)
        let available = switch flow {
        case .login, .apiLogin: fixture.passwordLogins.count
        case .loginOTP: fixture.otpLogins.count
        case .otp: fixture.pendingOTP.count
        case .execute, .apiExecute: fixture.executes.count
        }
        let items = flow.isTimed ? nil : min(limit ?? available, available)
        let flow = self.flow
        // The API's quotes are made over HTTP before anything is measured (the page run's
        // 確認画面 were made by `setup`); as many as the page 実行 run has.
        let quotes = flow == .apiExecute
            ? try await APIFlows.prepare(host: host, port: port, ring: fixture.transferRing, items: items ?? 0) : []
        // The host's speed drifts within minutes: the hash limit a flow is divided by is
        // measured right before it, with the server idle.
        if hashSeconds > 0 && flow != .otp {
            let suffix = "_before_" + flow.rawValue.replacingOccurrences(of: "-", with: "_")
            let limits = try await HashLimits.measure(seconds: hashSeconds, suffix: suffix, engine: engine)
            limits.bound.print()
            limits.parallel.print()
        }
        // The pre-login token must be one this server signed: read it once from the login screen.
        let prelogin = try await Self.preLoginToken(host: host, port: port)
        let outcome = try await runLoad(
            clients: clients, items: items, seconds: flow.isTimed ? seconds : nil,
            makeWorker: { _ in BankHTTP.connect(host: host, port: port) },
            operation: { http, item in
                switch flow {
                case .login: try await Self.login(http, fixture.passwordLogins[item % fixture.passwordLogins.count], prelogin)
                case .loginOTP: try await Self.loginWithOTP(http, fixture.otpLogins[item], prelogin)
                case .otp: try await Self.otp(http, fixture.pendingOTP[item])
                case .execute: try await Self.execute(http, fixture.executes[item])
                case .apiLogin: try await APIFlows.login(http, fixture.passwordLogins[item % fixture.passwordLogins.count])
                case .apiExecute: try await APIFlows.execute(http, quotes[item])
                }
                return true
            },
            finish: { await $0.close() })
        RunResult(name: "http_\(flow.rawValue.replacingOccurrences(of: "-", with: "_"))", engine: engine, clients: clients,
                  latencies: outcome.latencies, errors: outcome.errors).print()
    }

    /// The login screen's pre-login cookie (equal to its form token), signed by the server.
    static func preLoginToken(host: String, port: Int) async throws -> String {
        let http = BankHTTP.connect(host: host, port: port)
        let page: TestClient.Response
        do {
            page = try await http.get("/login", cookies: [:])
        } catch {
            await http.close()
            throw error
        }
        await http.close()
        guard let token = page.cookie("kyoei_prelogin"), token == page.csrfToken else {
            throw HTTPFlowError(description: "the login screen gave no pre-login token")
        }
        return token
    }

    static func login(_ http: BankHTTP, _ loginID: String, _ prelogin: String) async throws {
        let response = try await http.post("/login", form: [("_csrf", prelogin), ("login_id", loginID),
                                                            ("login_password", FixturePasswords.login)],
                                           cookies: ["kyoei_prelogin": prelogin])
        _ = try response.redirect(startingWith: "/menu", "login")
    }

    static func loginWithOTP(_ http: BankHTTP, _ customer: OTPCustomer, _ prelogin: String) async throws {
        let login = try await http.post("/login", form: [("_csrf", prelogin), ("login_id", customer.loginID),
                                                         ("login_password", FixturePasswords.login)],
                                        cookies: ["kyoei_prelogin": prelogin])
        _ = try login.redirect(startingWith: "/login/otp", "login")
        guard let session = login.cookie("kyoei_session") else { throw HTTPFlowError(description: "login: no session cookie") }
        let page = try await http.get("/login/otp", cookies: ["kyoei_session": session])
        guard let csrf = page.csrfToken else { throw HTTPFlowError(description: "OTP page: no CSRF token (\(page.status.code))") }
        let code = try nextCode(customer.secret, after: customer.lastStep)
        let otp = try await http.post("/login/otp", form: [("_csrf", csrf), ("otp", code)], cookies: ["kyoei_session": session])
        _ = try otp.redirect(startingWith: "/menu", "otp")
    }

    static func otp(_ http: BankHTTP, _ pending: PendingOTP) async throws {
        let code = try nextCode(pending.secret, after: pending.lastStep)
        let response = try await http.post("/login/otp", form: [("_csrf", pending.csrf), ("otp", code)],
                                           cookies: ["kyoei_session": pending.cookie])
        _ = try response.redirect(startingWith: "/menu", "otp")
    }

    static func execute(_ http: BankHTTP, _ prepared: PreparedTransfer) async throws {
        let response = try await http.post("/transfer/execute", form: [
            ("_csrf", prepared.csrf), ("nonce", prepared.nonce), ("confirmation_password", FixturePasswords.confirmation),
        ], cookies: ["kyoei_session": prepared.cookie])
        _ = try response.redirect(startingWith: "/transfer/done", "execute")
    }

    /// The code the token app would show now that the server still accepts: a step after
    /// the last accepted one, inside the ±1 window.
    static func nextCode(_ secret: [UInt8], after lastStep: Int64) throws -> String {
        let parameters = TOTPParameters.bank
        let current = TOTP.step(at: Date(), step: parameters.step)
        let step = max(lastStep + 1, current - 1)
        guard step <= current + 1 else { throw HTTPFlowError(description: "no unused code left this minute") }
        return TOTP.hotp(secret: secret, counter: UInt64(step), digits: parameters.digits, algorithm: parameters.algorithm)
    }
}
