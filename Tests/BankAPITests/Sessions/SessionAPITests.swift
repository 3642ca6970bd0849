import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// POST /api/v1/sessions, /sessions/otp and DELETE /sessions/current: the login's use cases,
/// the same session table, timeouts and locks as the pages, audited with the channel `api`.
@Suite struct SessionAPITests {
    @Test(arguments: TestDatabases.engines)
    func loginAnswersATokenThatIsASessionRow(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let started = site.clock.now()
            let response = try await site.createSession()
            #expect(response.status == .created)
            #expect(response.contentType.hasPrefix("application/json"))
            #expect(response.headers[.setCookie] == nil, "no cookie: the token is the credential")
            let token = try #require(response.json["token"] as? String)
            #expect(token.count == 64 && token.allSatisfy(\.isHexDigit))
            #expect(response.json["step"] as? String == "active")
            #expect(response.json["idleTimeoutSeconds"] as? Int == 600)
            let expires = try #require(response.json["expiresAt"] as? String)
            #expect(ISO8601DateFormatter().date(from: expires) == started.addingTimeInterval(3600))
            #expect(try await site.sessionCount() == 1)

            let accounts = try await site.call(.get, "/api/v1/accounts", token: token)
            #expect(accounts.status == .ok)
            let login = try await site.apiAudit(event: "login")
            #expect(login.count == 1 && login[0].result == .success)
            #expect(login[0].userAgent == APISite.userAgent)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func unknownLoginIDAndWrongPasswordAnswerTheSame(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let wrong = try await site.createSession(APISite.loginID, "WrongPassw0rd")
            let unknown = try await site.createSession("nobody99", "WrongPassw0rd")
            for response in [wrong, unknown] {
                #expect(response.status == .unauthorized)
                #expect(response.contentType.hasPrefix("application/problem+json"))
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(response.problem == "login.invalid")
                #expect(response.json["status"] as? Int == 401)
                #expect(response.messages.ja == "ログインIDまたはログインパスワードが正しくありません。")
                #expect(response.messages.en == "The login ID or login password is incorrect.")
            }
            #expect(wrong.body == unknown.body)
            #expect(try await site.sessionCount() == 0)
            #expect(try await site.apiAudit(event: "login").map(\.result) == [.failure])
        }
    }

    @Test func emptyFieldsAreNamedAndNothingIsChecked() async throws {
        try await withAPI { site in
            let response = try await site.call(.post, "/api/v1/sessions", json: #"{"loginId":" ","password":""}"#)
            #expect(response.status == .unprocessableContent)
            #expect(response.problem == "invalid_input")
            #expect(response.fieldErrors == ["loginId": "error.login_id.required", "password": "error.login_password.required"])
            #expect(try await site.audit(event: "login").isEmpty)
        }
    }

    /// A password guessed over the API counts toward the lock the web login obeys, and the reverse.
    @Test(arguments: TestDatabases.engines)
    func guessesOverTheAPICountTowardTheWebLock(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            for attempt in 1...4 {
                #expect(try await site.createSession(APISite.loginID, "WrongPassw0rd\(attempt)").status == .unauthorized)
            }
            // The fifth wrong password comes through the login page's use case.
            #expect(try await site.bank.login.checkPassword(loginID: APISite.loginID, password: "WrongPassw0rd5",
                                                            client: ClientInfo(ip: "198.51.100.7", userAgent: "browser")) == .locked)
            let locked = try await site.createSession()
            #expect(locked.status == .forbidden)
            #expect(locked.problem == "login.locked")
            #expect(try await site.sessionCount() == 0)
        }
    }

    /// And a password guessed on the web (the page's use case) counts toward the API's lock.
    @Test(arguments: TestDatabases.engines)
    func guessesOnTheWebCountTowardTheAPILock(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { (site: APISite) async throws in
            for attempt in 1...4 {
                #expect(try await site.bank.login.checkPassword(
                    loginID: APISite.loginID, password: "WrongPassw0rd\(attempt)", client: ClientInfo.commandLine) == .invalidCredentials)
            }
            #expect(try await site.createSession(APISite.loginID, "WrongPassw0rd5").status == .forbidden)
            #expect(try await site.bank.login.checkPassword(loginID: APISite.loginID, password: APISite.password,
                                                            client: ClientInfo.commandLine) == .locked)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theOTPStepAnswersANewTokenAndEndsThePendingOne(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let secret = try await site.turnOnOTP()
            let first = try await site.createSession()
            #expect(first.status == .created)
            #expect(first.json["step"] as? String == "otp")
            let pending = try #require(first.json["token"] as? String)

            // The pending token opens nothing but the OTP step.
            let early = try await site.call(.get, "/api/v1/accounts", token: pending)
            #expect(early.status == .forbidden)
            #expect(early.problem == "api.otp_required")

            let wrong = try await site.call(.post, "/api/v1/sessions/otp", token: pending, json: #"{"code":"000000"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.problem == "otp.wrong")
            let empty = try await site.call(.post, "/api/v1/sessions/otp", token: pending, json: #"{"code":""}"#)
            #expect(empty.status == .unprocessableContent)
            #expect(empty.fieldErrors == ["code": "error.otp.required"])

            let passed = try await site.call(.post, "/api/v1/sessions/otp", token: pending, json: jsonText(["code": site.code(secret)]))
            #expect(passed.status == .created, "\(passed.body)")
            #expect(passed.json["step"] as? String == "active")
            let full = try #require(passed.json["token"] as? String)
            #expect(full != pending)
            #expect(try await site.call(.get, "/api/v1/accounts", token: full).status == .ok)
            #expect(try await site.call(.get, "/api/v1/accounts", token: pending).status == .unauthorized)

            // The same code again: already used (a second client that raced), nothing counted.
            let second = try await site.createSession()
            let otherPending = try #require(second.json["token"] as? String)
            let reused = try await site.call(.post, "/api/v1/sessions/otp", token: otherPending,
                                             json: jsonText(["code": site.code(secret)]))
            #expect(reused.status == .conflict)
            #expect(reused.problem == "otp.already_used")
            // A full session cannot take the OTP step again.
            let again = try await site.call(.post, "/api/v1/sessions/otp", token: full, json: #"{"code":"123456"}"#)
            #expect(again.status == .unauthorized)
        }
    }

    @Test func wrongCodesLockTheOTPForTheWebToo() async throws {
        try await withAPI(lockoutLimit: 3) { site in
            _ = try await site.turnOnOTP()
            let pending = try #require(try await site.createSession().json["token"] as? String)
            for _ in 1...2 {
                #expect(try await site.call(.post, "/api/v1/sessions/otp", token: pending, json: #"{"code":"000000"}"#).status
                    == .unauthorized)
            }
            let locked = try await site.call(.post, "/api/v1/sessions/otp", token: pending, json: #"{"code":"000000"}"#)
            #expect(locked.status == .forbidden)
            #expect(locked.problem == "login.otp_locked")
            #expect(try await site.credentialState(customerID: site.customer.customer.id, .otp).isLocked)
            // The page's login refuses too: the same lock.
            #expect(try await site.bank.login.checkPassword(loginID: APISite.loginID, password: APISite.password,
                                                            client: ClientInfo.commandLine) == .otpLocked)
            #expect(try await site.createSession().problem == "login.otp_locked")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func logoutEndsTheSessionAndIsAudited(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let token = try await site.logIn()
            let out = try await site.call(.delete, "/api/v1/sessions/current", token: token)
            #expect(out.status == .noContent)
            #expect(out.body.isEmpty)
            #expect(try await site.sessionCount() == 0)
            #expect(try await site.apiAudit(event: "logout").count == 1)
            let after = try await site.call(.get, "/api/v1/accounts", token: token)
            #expect(after.status == .unauthorized)
            #expect(after.problem == "api.unauthenticated")
            #expect(after.headers[.wwwAuthenticate] == #"Bearer error="invalid_token""#)
            #expect(try await site.call(.delete, "/api/v1/sessions/current", token: token).status == .unauthorized)
        }
    }

    /// The same idle and absolute limits as a browser's session, on the controlled clock.
    @Test(arguments: TestDatabases.engines)
    func tokensRunOutLikeBrowserSessions(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine, idle: 600, absolute: 1800) { site in
            let idle = try await site.logIn()
            site.clock.advance(by: 601)
            let expired = try await site.call(.get, "/api/v1/accounts", token: idle)
            #expect(expired.status == .unauthorized)
            #expect(expired.problem == "api.session_expired")
            #expect(try await site.audit(event: "session_timeout").count == 1)
            #expect(try await site.call(.get, "/api/v1/accounts", token: idle).problem == "api.unauthenticated", "ended once")

            // Used every 9 minutes, a token still ends at the absolute limit.
            let busy = try await site.logIn()
            for _ in 1...3 {
                site.clock.advance(by: 540)
                #expect(try await site.call(.get, "/api/v1/accounts", token: busy).status == .ok)
            }
            site.clock.advance(by: 200)
            #expect(try await site.call(.get, "/api/v1/accounts", token: busy).problem == "api.session_expired")
        }
    }

    @Test func onlyABearerTokenAuthenticates() async throws {
        try await withAPI { site in
            let token = try await site.logIn()
            let none = try await site.call(.get, "/api/v1/accounts")
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate] == "Bearer")
            // The web's session cookie carrying the same value is not read by the API.
            let cookie = try await site.call(.get, "/api/v1/accounts", headers: [.cookie: "kyoei_session=\(token)"])
            #expect(cookie.status == .unauthorized)
            let basic = try await site.call(.get, "/api/v1/accounts", headers: [.authorization: "Basic \(token)"])
            #expect(basic.status == .unauthorized)
            let lower = try await site.call(.get, "/api/v1/accounts", headers: [.authorization: "bearer \(token)"])
            #expect(lower.status == .ok, "the scheme is case-insensitive (RFC 9110)")
        }
    }
}
