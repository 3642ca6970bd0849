import BankCore
import BankServices
import Foundation
import Hummingbird

/// 事務管理部ログイン: 職員ID and パスワード. Before the password step there is no session, so
/// the form's CSRF token is bound to a pre-login cookie of the back office's own (double submit).
extension StaffSite {
    static let loginReasons = ["timeout", "ended", "logout"]

    func showLogin(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let (token, cookie) = preLoginToken(request)
        var notice: String?
        if let reason = request.uri.queryParameters.get("reason"), Self.loginReasons.contains(reason) {
            notice = language(request).text("staff_login_reason.\(reason)")
        }
        var response = try page("staff_login", StaffLoginPageModel(),
                                chrome(request, titleKey: "staff_login.title", csrf: token, notice: notice))
        if let cookie { response.setCookie(cookie) }
        return response
    }

    func submitLogin(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let lang = language(request)
        // The CSRF check passed (`CSRFMiddleware`): the form is shown again with the same token.
        let expected = genuinePreLoginCookie(request)
        let staffID = String(form.value("staff_id").trimmingCharacters(in: .whitespaces).prefix(64))
        let password = form.value("password")
        var fieldErrors: [String] = []
        if staffID.isEmpty { fieldErrors.append(lang.text("error.staff.staff_id.required")) }
        if password.isEmpty { fieldErrors.append(lang.text("error.staff.password.required")) }
        if !fieldErrors.isEmpty {
            return try loginForm(request, token: expected, staffID: staffID, errors: fieldErrors, status: .badRequest)
        }

        // A login always starts a new session: one this browser still holds ends here.
        if let previous = request.cookieValue(Self.sessionCookieName) {
            try await bank.staffSessions.logout(cookie: previous, client: client(request, context))
        }
        do {
            switch try await bank.staffLogin.logIn(staffID: staffID, password: String(password.prefix(256)),
                                             client: client(request, context)) {
            case .otpRequired(let cookie):
                var response = HTTPResponses.redirect(to: StaffRoute.loginOTP)
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
            if request.cookieValue(Self.sessionCookieName) != nil { response.setCookie(clearedSessionCookie()) }
            return response
        }
    }

    func loginForm(_ request: Request, token: String, staffID: String, errors: [String],
                   status: HTTPResponse.Status) throws -> Response {
        try page("staff_login", StaffLoginPageModel(staffIDValue: staffID),
                 chrome(request, titleKey: "staff_login.title", csrf: token, errors: errors), status: status)
    }
}
