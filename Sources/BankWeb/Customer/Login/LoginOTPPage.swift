import BankCore
import BankServices
import Hummingbird

/// ワンタイムパスワード認証画面: the second login step. Until the code passes, the session
/// reaches nothing but this screen (SessionGate sends every other page here).
extension CustomerSite {
    func showLoginOTP(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        try loginOTPForm(request, try context.requirePendingCustomer(), errors: [])
    }

    func submitLoginOTP(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        guard case .pending(let pending)? = context.customerSession else {
            return HTTPResponses.redirect(to: CustomerRoute.login, query: ["reason": "ended"])
        }
        let lang = language(request)
        let code = form.value("otp")
        if code.trimmingCharacters(in: .whitespaces).isEmpty {
            return try loginOTPForm(request, pending, errors: [lang.text("error.otp.required")], status: .badRequest)
        }
        let browser = browserKey(request)
        switch try await bank.login.checkOTP(cookieValue: pending.cookieValue, code: String(code.prefix(32)),
                                             client: client(request, context), browser: browser) {
        case .success(let ticket):
            var response = HTTPResponses.redirect(to: CustomerRoute.menu)
            response.setCookie(sessionCookie(ticket.cookieValue))
            response.setCookie(browserCookie(browser))
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
            return HTTPResponses.redirect(to: CustomerRoute.login, query: ["reason": "ended"])
        }
    }

    func loginOTPForm(_ request: Request, _ pending: CustomerSession, errors: [String],
                      status: HTTPResponse.Status = .ok) throws -> Response {
        try page("login_otp", LoginOTPPageModel(),
                 chrome(request, titleKey: "login_otp.title", csrf: pending.session.csrfToken, errors: errors), status: status)
    }
}
