import BankCore
import BankServices
import Hummingbird

/// ワンタイムパスワード: the back office's second step, always asked. Until the code passes,
/// every other back-office page sends the session here; the session id changes when it passes.
extension StaffSite {
    func showLoginOTP(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let pending = try context.requirePendingStaff()
        return try loginOTPForm(request, pending, errors: [])
    }

    func submitLoginOTP(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let pending = try context.requirePendingStaff()
        let lang = language(request)
        let code = form.value("otp").trimmingCharacters(in: .whitespaces)
        if code.isEmpty {
            return try loginOTPForm(request, pending, errors: [lang.text("error.staff.otp.required")], status: .badRequest)
        }
        do {
            let newCookie = try await bank.staffLogin.verifyCode(cookie: pending.cookieValue, code: String(code.prefix(32)),
                                                          client: client(request, context))
            var response = HTTPResponses.redirect(to: StaffRoute.home)
            response.setCookie(sessionCookie(newCookie))
            return response
        } catch BankError.staff(let refusal) {
            switch refusal {
            case .wrongCode:
                return try loginOTPForm(request, pending, errors: [lang.text(refusal.messageKey)], status: .unauthorized)
            case .codeAlreadyUsed:
                return try loginOTPForm(request, pending, errors: [lang.text(refusal.messageKey)], status: .conflict)
            case .locked:
                // The waiting login ended with the lock: back to the first step, with the reason.
                let (token, preLoginCookie) = preLoginToken(request)
                var response = try loginForm(request, token: token, staffID: "", errors: [lang.text(refusal.messageKey)],
                                             status: .forbidden)
                response.setCookie(clearedSessionCookie())
                if let preLoginCookie { response.setCookie(preLoginCookie) }
                return response
            default:
                return sessionGate.endedResponse(reason: "ended")
            }
        }
    }

    func loginOTPForm(_ request: Request, _ pending: StaffSession, errors: [String],
                      status: HTTPResponse.Status = .ok) throws -> Response {
        try page("staff_login_otp", StaffLoginOTPPageModel(pendingStaffID: pending.staff.loginID),
                 chrome(request, titleKey: "staff_login_otp.title", csrf: pending.session.csrfToken, errors: errors),
                 status: status)
    }
}
