import BankCore
import BankServices
import BankStore
import Foundation
import Hummingbird

/// 事務管理部ログイン: 職員ID and パスワード. Before the password step there is no session, so
/// the form's CSRF token is bound to a pre-login cookie of the back office's own (double submit).
extension StaffSite {
    static let loginReasons = ["timeout", "ended", "logout"]

    func showLogin(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let (token, cookie) = preLoginToken(request)
        var values = baseContext(request, titleKey: "staff_login_title", csrf: token)
        if let reason = request.uri.queryParameters.get("reason"), Self.loginReasons.contains(reason) {
            values["notice"] = language(request).text("staff_login_reason.\(reason)")
        }
        var response = try page("staff_login", values)
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
        let staffID = String(form.value("staff_id").trimmingCharacters(in: .whitespaces).prefix(64))
        let password = form.value("password")
        var fieldErrors: [String] = []
        if staffID.isEmpty { fieldErrors.append(lang.text("error.staff.staff_id.required")) }
        if password.isEmpty { fieldErrors.append(lang.text("error.staff.password.required")) }
        if !fieldErrors.isEmpty {
            return try loginForm(request, token: expected, staffID: staffID, errors: fieldErrors, status: .badRequest)
        }

        // A login always starts a new session: one this browser still holds ends here.
        if let previous = request.cookies[Self.sessionCookieName]?.value {
            try await bank.staffLogout(cookie: previous, client: client(request, context))
        }
        do {
            switch try await bank.staffLogin(staffID: staffID, password: String(password.prefix(256)),
                                             client: client(request, context)) {
            case .otpRequired(let cookie):
                var response = HTTPResponses.redirect(to: "/staff/login/otp")
                response.setCookie(sessionCookie(cookie))
                response.setCookie(clearedPreLoginCookie())
                return response
            }
        } catch BankError.staff(let refusal) {
            let status: HTTPResponse.Status = switch refusal {
            case .locked: .forbidden
            case .tryAgainLater: .serviceUnavailable
            default: .unauthorized
            }
            var response = try loginForm(request, token: expected, staffID: staffID, errors: [lang.text(refusal.messageKey)],
                                         status: status)
            if request.cookies[Self.sessionCookieName] != nil { response.setCookie(clearedSessionCookie()) }
            return response
        }
    }

    func loginForm(_ request: Request, token: String, staffID: String, errors: [String],
                   status: HTTPResponse.Status) throws -> Response {
        var values = baseContext(request, titleKey: "staff_login_title", csrf: token)
        values["staff_id_value"] = staffID
        values["errors"] = errors
        return try page("staff_login", values, status: status)
    }

    func clearedPreLoginCookie() -> Cookie {
        Cookie(name: Self.preLoginCookieName, value: "", maxAge: 0, path: Self.root, secure: settings.secureCookies,
               httpOnly: true, sameSite: .strict)
    }

    /// ログアウト (and the code screen's 中止): ends the session whatever its stage.
    func logout(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        guard let cookieValue = request.cookies[Self.sessionCookieName]?.value else {
            return endedResponse("/staff/login?reason=ended")
        }
        let resolved = try await bank.resolveStaffSession(cookie: cookieValue, client: client(request, context))
        let current: (StaffSessionRecord, StaffRecord?)
        switch resolved {
        case .active(let session, let staff): current = (session, staff)
        case .otpPending(let session, _): current = (session, nil)
        case .expired, .none: return endedResponse("/staff/login?reason=ended")
        }
        guard verifyForm(request, form: form, session: current.0) else {
            return try errorPage(request, messageKey: "error.csrf", status: .forbidden, csrf: current.0.csrfToken, staff: current.1)
        }
        try await bank.staffLogout(cookie: cookieValue, client: client(request, context))
        return endedResponse("/staff/login?reason=logout")
    }

    /// The header's language switch: a POST checked against the staff session's token (or
    /// the pre-login one), then back to the back-office page it came from.
    func switchLanguage(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        var expected = genuinePreLoginCookie(request)
        if let cookieValue = request.cookies[Self.sessionCookieName]?.value {
            switch try await bank.resolveStaffSession(cookie: cookieValue, client: client(request, context)) {
            case .active(let session, _), .otpPending(let session, _): expected = session.csrfToken
            case .expired, .none: break
            }
        }
        guard CSRFProtection.originAllowed(request, settings: settings),
              CSRFProtection.tokensMatch(form.value(CSRFProtection.fieldName), expected) else {
            return try errorPage(request, messageKey: "error.csrf", status: .forbidden)
        }
        let lang = Language(rawValue: form.value("lang")) ?? .ja
        var response = HTTPResponses.redirect(to: Self.safeStaffPath(form.value("return_to")))
        response.setCookie(Cookie(name: WebSettings.languageCookieName, value: lang.rawValue, maxAge: 365 * 86_400, path: "/",
                                  secure: settings.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }
}
