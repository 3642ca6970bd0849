import BankAPI
import BankCore
import BankServices
import Foundation
import Hummingbird

/// ログイン画面. Before login there is no session, so the form's CSRF token is bound to a
/// short-lived pre-login cookie (double submit) and the Origin is checked.
extension CustomerSite {
    func showLogin(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let (token, cookie) = preLoginToken(request)
        var notice: String?
        if let reason = request.uri.queryParameters.get("reason"), ["timeout", "expired", "ended", "logout"].contains(reason) {
            notice = language(request).text("login.reason.\(reason)")
        }
        var response = try page("login", LoginPageModel(), chrome(request, titleKey: "login.title", csrf: token, notice: notice))
        if let cookie { response.setCookie(cookie) }
        return response
    }

    func submitLogin(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let lang = language(request)
        // The CSRF check passed (`CSRFMiddleware`): the form is shown again with the same token.
        let expected = genuinePreLoginCookie(request)
        let loginID = form.value("login_id").trimmingCharacters(in: .whitespaces)
        let password = form.value("login_password")

        let fieldErrors = LoginRefusal.missingFields(loginID: loginID, password: password).map { lang.text($0.messageKey) }
        // Over-long input is answered like a wrong password, without hashing megabytes.
        if !fieldErrors.isEmpty || LoginRefusal.isOverlong(loginID: loginID, password: password) {
            return try loginForm(request, token: expected, loginID: String(loginID.prefix(64)),
                                 errors: fieldErrors.isEmpty ? [lang.text("login.invalid")] : fieldErrors, status: .badRequest)
        }

        // A session this browser still holds ends here: a login always starts a new one.
        if let previous = request.cookieValue(settings.sessionCookieName) {
            try await bank.sessions.logout(cookie: previous, client: client(request, context))
        }
        let browser = browserKey(request)
        let outcome = try await bank.login.checkPassword(loginID: loginID, password: password, client: client(request, context),
                                                         browser: browser)
        // The refusal's words and status are the API's too (LoginRefusal, RefusalKind.status).
        if let refusal = LoginRefusal(outcome) {
            return try loginForm(request, token: expected, loginID: loginID, errors: [lang.text(refusal.messageKey)],
                                 status: refusal.kind.status)
        }
        guard case .success(let ticket) = outcome else { preconditionFailure("every other outcome is a LoginRefusal") }
        var response = HTTPResponses.redirect(to: ticket.stage == .otpPending ? CustomerRoute.loginOTP : CustomerRoute.menu)
        response.setCookie(sessionCookie(ticket.cookieValue))
        response.setCookie(clearedPreLoginCookie())
        response.setCookie(browserCookie(browser))
        return response
    }

    func loginForm(_ request: Request, token: String, loginID: String, errors: [String], status: HTTPResponse.Status) throws -> Response {
        try page("login", LoginPageModel(loginIDValue: loginID), chrome(request, titleKey: "login.title", csrf: token, errors: errors),
                 status: status)
    }
}
