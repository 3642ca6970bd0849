import BankCore
import BankServices
import Foundation
import Hummingbird

/// ログイン画面. Before login there is no session, so the form's CSRF token is bound to a
/// short-lived pre-login cookie (double submit) and the Origin is checked.
extension CustomerSite {
    func showLogin(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let (token, cookie) = preLoginToken(request)
        var values = baseContext(request, titleKey: "login_title", csrf: token)
        if let reason = request.uri.queryParameters.get("reason"), ["timeout", "expired", "ended", "logout"].contains(reason) {
            values["notice"] = language(request).text("login.reason.\(reason)")
        }
        var response = try page("login", values)
        if let cookie { response.setCookie(cookie) }
        return response
    }

    func submitLogin(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let lang = language(request)
        let expected = genuinePreLoginCookie(request)
        guard CSRFProtection.originAllowed(request, settings: settings),
              CSRFProtection.tokensMatch(form.value(CSRFProtection.fieldName), expected) else {
            return try errorPage(request, messageKey: "error.csrf", status: .forbidden)
        }
        let loginID = form.value("login_id").trimmingCharacters(in: .whitespaces)
        let password = form.value("login_password")

        var fieldErrors: [String] = []
        if loginID.isEmpty { fieldErrors.append(lang.text("error.login_id.required")) }
        if password.isEmpty { fieldErrors.append(lang.text("error.login_password.required")) }
        // Over-long input is answered like a wrong password, without hashing megabytes.
        if !fieldErrors.isEmpty || loginID.count > 64 || password.count > 128 {
            return try loginForm(request, token: expected, loginID: String(loginID.prefix(64)),
                                 errors: fieldErrors.isEmpty ? [lang.text("login.invalid")] : fieldErrors, status: .badRequest)
        }

        // A session this browser still holds ends here: a login always starts a new one.
        if let previous = request.cookies[settings.sessionCookieName]?.value {
            try await bank.logout(cookieValue: previous, client: client(request, context))
        }
        switch try await bank.login(loginID: loginID, password: password, client: client(request, context)) {
        case .success(let ticket):
            var response = HTTPResponses.redirect(to: ticket.stage == .otpPending ? "/login/otp" : "/menu")
            response.setCookie(sessionCookie(ticket.cookieValue))
            response.setCookie(Cookie(name: settings.preLoginCookieName, value: "", maxAge: 0, path: "/",
                                      secure: settings.secureCookies, httpOnly: true, sameSite: .strict))
            return response
        case .invalidCredentials:
            return try loginForm(request, token: expected, loginID: loginID, errors: [lang.text("login.invalid")], status: .unauthorized)
        case .locked:
            return try loginForm(request, token: expected, loginID: loginID, errors: [lang.text("login.locked")], status: .forbidden)
        case .otpLocked:
            return try loginForm(request, token: expected, loginID: loginID, errors: [lang.text("login.otp_locked")], status: .forbidden)
        case .tryAgainLater:
            return try loginForm(request, token: expected, loginID: loginID, errors: [lang.text("error.try_again_later")],
                                 status: .serviceUnavailable)
        }
    }

    func loginForm(_ request: Request, token: String, loginID: String, errors: [String], status: HTTPResponse.Status) throws -> Response {
        var values = baseContext(request, titleKey: "login_title", csrf: token)
        values["login_id_value"] = loginID
        values["errors"] = errors
        return try page("login", values, status: status)
    }

    /// Ends the session, whatever its stage (the OTP screen's 中止 posts here too).
    func logout(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        guard let cookieValue = request.cookies[settings.sessionCookieName]?.value,
              case .active(let session, let customer) = try await bank.resolveSession(cookieValue: cookieValue,
                                                                                     client: client(request, context)) else {
            var response = HTTPResponses.redirect(to: "/login?reason=ended")
            response.setCookie(clearedSessionCookie())
            return response
        }
        guard verifyForm(request, form: form, session: session) else {
            return try errorPage(request, messageKey: "error.csrf", status: .forbidden, csrf: session.csrfToken,
                                 customer: session.stage == .authenticated ? customer : nil)
        }
        try await bank.logout(cookieValue: cookieValue, client: client(request, context))
        var response = HTTPResponses.redirect(to: "/login?reason=logout")
        response.setCookie(clearedSessionCookie())
        return response
    }

    /// The language switch in the header: a POST like every other change, then back to the page.
    func switchLanguage(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        var expected = genuinePreLoginCookie(request)
        if let cookieValue = request.cookies[settings.sessionCookieName]?.value,
           case .active(let session, _) = try await bank.resolveSession(cookieValue: cookieValue, client: client(request, context)) {
            expected = session.csrfToken
        }
        guard CSRFProtection.originAllowed(request, settings: settings),
              CSRFProtection.tokensMatch(form.value(CSRFProtection.fieldName), expected) else {
            return try errorPage(request, messageKey: "error.csrf", status: .forbidden)
        }
        let lang = Language(rawValue: form.value("lang")) ?? .ja
        var response = HTTPResponses.redirect(to: Self.safeLocalPath(form.value("return_to")))
        response.setCookie(Cookie(name: WebSettings.languageCookieName, value: lang.rawValue, maxAge: 365 * 86_400, path: "/",
                                  secure: settings.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }
}
