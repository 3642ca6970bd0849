import BankServices
import Foundation

/// ログイン (POST /sessions), ワンタイムパスワード認証 (POST /sessions/otp) and ログアウト
/// (DELETE /sessions/current): `bank.login` and `bank.sessions`, as the login pages use them.
/// The token is the session's key, as a browser's cookie value is.
extension APIHandler {
    func createSession(_ input: Operations.CreateSession.Input) async throws -> Operations.CreateSession.Output {
        let caller = try APICaller.anonymous()
        guard case .json(let body) = input.body else { throw APIProblem.malformedBody }
        let loginID = body.loginId.trimmingCharacters(in: .whitespaces)
        let missing = LoginRefusal.missingFields(loginID: loginID, password: body.password)
        guard missing.isEmpty else { throw BankError.invalidInput(missing) }
        guard !LoginRefusal.isOverlong(loginID: loginID, password: body.password) else {
            throw APIProblem(LoginRefusal(LoginOutcome.invalidCredentials)!)
        }
        let outcome = try await bank.login.checkPassword(loginID: loginID, password: body.password, client: caller.client)
        if let refusal = LoginRefusal(outcome) { throw APIProblem(refusal) }
        guard case .success(let ticket) = outcome else { throw APIProblem.internalError }
        return .created(.init(body: .json(try await session(ticket.cookieValue, client: caller.client))))
    }

    func verifySessionOTP(_ input: Operations.VerifySessionOTP.Input) async throws -> Operations.VerifySessionOTP.Output {
        let (token, client) = try APICaller.pendingToken()
        guard case .json(let body) = input.body else { throw APIProblem.malformedBody }
        let code = body.code.trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty else { throw BankError.invalidInput([FieldError(field: "code", messageKey: "error.otp.required")]) }
        let outcome = try await bank.login.checkOTP(cookieValue: token, code: String(code.prefix(32)), client: client)
        if let refusal = LoginRefusal(outcome) { throw APIProblem(refusal) }
        guard case .success(let ticket) = outcome else { throw APIProblem.internalError }
        return .created(.init(body: .json(try await session(ticket.cookieValue, client: client))))
    }

    func deleteCurrentSession(_ input: Operations.DeleteCurrentSession.Input) async throws -> Operations.DeleteCurrentSession.Output {
        // A login whose code is still owed may be abandoned too.
        let caller = try APICaller.anonymous()
        switch caller.session {
        case .active, .otpPending:
            try await bank.sessions.logout(cookie: caller.token ?? "", client: caller.client)
            return .noContent(.init())
        case .expired: throw APIProblem.unauthenticated(tokenSent: true, expired: true)
        case .none: throw APIProblem.unauthenticated(tokenSent: caller.token != nil)
        }
    }

    /// The answer of a login step: the new token, its stage and when it ends.
    private func session(_ token: String, client: ClientInfo) async throws -> Components.Schemas.Session {
        let policy = bank.context.settings.sessions
        switch try await bank.sessions.resolve(cookie: token, client: client) {
        case .active(let view, let customer):
            return .init(token: token, step: .active, idleTimeoutSeconds: Int32(policy.idleTimeout),
                         expiresAt: view.createdAt.addingTimeInterval(policy.absoluteTimeout),
                         previousLoginAt: customer.previousLoginAt)
        case .otpPending(let view, _):
            return .init(token: token, step: .otp, idleTimeoutSeconds: Int32(policy.idleTimeout),
                         expiresAt: view.createdAt.addingTimeInterval(policy.absoluteTimeout))
        case .none, .expired:
            // Ended between the login and this look-up (the customer was closed meanwhile).
            throw APIProblem.unauthenticated(tokenSent: true)
        }
    }
}

extension APIProblem {
    /// A login step that did not sign in, classed as the login pages class it.
    init(_ refusal: LoginRefusal) {
        self.init(refusal.kind, messageKey: refusal.messageKey)
        if refusal.kind == .unauthenticated { headers[.wwwAuthenticate] = "Bearer" }
        if refusal.kind == .unavailable { headers[.retryAfter] = "1" }
    }
}
