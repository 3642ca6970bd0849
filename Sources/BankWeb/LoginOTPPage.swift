import BankCore
import BankServices
import Hummingbird

/// ワンタイムパスワード認証画面: the second login step. Until the code passes, the session
/// reaches nothing but this screen (SessionGate sends every other page here).
extension CustomerSite {
    func showLoginOTP(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        switch try await pendingOTPSession(request, context) {
        case .refused(let response): return response
        case .active(let pending): return try loginOTPForm(request, pending, errors: [])
        }
    }

    func submitLoginOTP(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        guard case .active(let pending) = try await pendingOTPSession(request, context) else {
            return HTTPResponses.redirect(to: "/login?reason=ended")
        }
        guard verifyForm(request, form: form, session: pending.session) else { return try csrfRefusal(request, pending) }
        let lang = language(request)
        let code = form.value("otp")
        if code.trimmingCharacters(in: .whitespaces).isEmpty {
            return try loginOTPForm(request, pending, errors: [lang.text("error.otp.required")], status: .badRequest)
        }
        switch try await bank.verifyLoginOTP(cookieValue: pending.cookieValue, code: String(code.prefix(32)), client: client(request, context)) {
        case .success(let ticket):
            var response = HTTPResponses.redirect(to: "/menu")
            response.setCookie(sessionCookie(ticket.cookieValue))
            return response
        case .wrongCode:
            return try loginOTPForm(request, pending, errors: [lang.text("error.otp.wrong")], status: .unauthorized)
        case .alreadyUsed:
            return try loginOTPForm(request, pending, errors: [lang.text("error.otp.already_used")], status: .conflict)
        case .locked:
            var response = try loginForm(request, token: preLoginToken(request).0, loginID: "",
                                         errors: [lang.text("login.otp_locked")], status: .forbidden)
            response.setCookie(clearedSessionCookie())
            return response
        case .noPendingLogin:
            return HTTPResponses.redirect(to: "/login?reason=ended")
        }
    }

    func loginOTPForm(_ request: Request, _ pending: CustomerSession, errors: [String],
                      status: HTTPResponse.Status = .ok) throws -> Response {
        var values = baseContext(request, titleKey: "login_otp_title", csrf: pending.session.csrfToken)
        values["errors"] = errors
        values["pending_login"] = true
        return try page("login_otp", values, status: status)
    }

    /// A session whose password step passed and whose code is still owed.
    func pendingOTPSession(_ request: Request, _ context: BankRequestContext) async throws -> Gate {
        guard let cookieValue = request.cookies[settings.sessionCookieName]?.value else {
            return .refused(HTTPResponses.redirect(to: "/login"))
        }
        switch try await bank.resolveSession(cookieValue: cookieValue, client: client(request, context)) {
        case .active(let session, let customer) where session.stage == .otpPending:
            return .active(CustomerSession(cookieValue: cookieValue, session: session, customer: customer))
        case .active:
            return .refused(HTTPResponses.redirect(to: "/menu"))
        case .expired(let state):
            var response = HTTPResponses.redirect(to: state == .absoluteExpired ? "/login?reason=expired" : "/login?reason=timeout")
            response.setCookie(clearedSessionCookie())
            return .refused(response)
        case .none:
            var response = HTTPResponses.redirect(to: "/login?reason=ended")
            response.setCookie(clearedSessionCookie())
            return .refused(response)
        }
    }
}
