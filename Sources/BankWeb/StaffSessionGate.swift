import BankCore
import BankServices
import BankStore
import Hummingbird

/// A request that belongs to a member of staff (password and code given, or code still owed).
struct StaffSession: Sendable {
    let cookieValue: String
    let session: StaffSessionRecord
    let staff: StaffRecord
}

extension StaffSite {
    /// The back office's session cookie. Scoped to `/staff` so the browser never sends it to
    /// the customer site, `SameSite=Strict` because no other site ever links into a staff
    /// page with a reason to be logged in. Without the `__Host-` prefix (it requires `Path=/`),
    /// but `Secure` whenever the site is served over HTTPS.
    static let sessionCookieName = "kyoei_staff"
    /// The login form's CSRF token before there is a session (double submit), also `/staff` only.
    static let preLoginCookieName = "kyoei_staff_prelogin"

    enum Gate {
        case active(StaffSession)
        case refused(Response)

        var refusal: Response {
            if case .refused(let response) = self { return response }
            return HTTPResponses.redirect(to: "/staff/login")
        }
    }

    /// Every back-office page but the two login steps: only a session whose code was given
    /// passes; one still owing its code is sent to the code screen, anything else to the login.
    func requireStaff(_ request: Request, _ context: BankRequestContext) async throws -> Gate {
        try await resolve(request, context, wantPending: false)
    }

    /// The code screen: only a session whose password was given and whose code is owed.
    func requirePendingStaff(_ request: Request, _ context: BankRequestContext) async throws -> Gate {
        try await resolve(request, context, wantPending: true)
    }

    private func resolve(_ request: Request, _ context: BankRequestContext, wantPending: Bool) async throws -> Gate {
        guard let cookieValue = request.cookies[Self.sessionCookieName]?.value else {
            return .refused(HTTPResponses.redirect(to: "/staff/login"))
        }
        switch try await bank.resolveStaffSession(cookie: cookieValue, client: client(request, context)) {
        case .active(let session, let staff):
            if wantPending { return .refused(HTTPResponses.redirect(to: "/staff")) }
            return .active(StaffSession(cookieValue: cookieValue, session: session, staff: staff))
        case .otpPending(let session, let staff):
            if !wantPending { return .refused(HTTPResponses.redirect(to: "/staff/login/otp")) }
            return .active(StaffSession(cookieValue: cookieValue, session: session, staff: staff))
        case .expired:
            return .refused(endedResponse("/staff/login?reason=timeout"))
        case .none:
            return .refused(endedResponse("/staff/login?reason=ended"))
        }
    }

    /// A redirect that also tells the browser to forget a dead cookie.
    func endedResponse(_ location: String) -> Response {
        var response = HTTPResponses.redirect(to: location)
        response.setCookie(clearedSessionCookie())
        return response
    }

    /// Checks Origin and the staff session's own CSRF token on a POST.
    func verifyForm(_ request: Request, form: FormBody, session: StaffSessionRecord) -> Bool {
        CSRFProtection.originAllowed(request, settings: settings)
            && CSRFProtection.tokensMatch(form.value(CSRFProtection.fieldName), session.csrfToken)
    }

    func sessionCookie(_ value: String) -> Cookie {
        Cookie(name: Self.sessionCookieName, value: value, path: Self.root, secure: settings.secureCookies,
               httpOnly: true, sameSite: .strict)
    }

    func clearedSessionCookie() -> Cookie {
        Cookie(name: Self.sessionCookieName, value: "", maxAge: 0, path: Self.root, secure: settings.secureCookies,
               httpOnly: true, sameSite: .strict)
    }
}
