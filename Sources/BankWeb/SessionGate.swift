import BankCore
import BankServices
import BankStore
import Hummingbird

/// A request that belongs to a logged-in customer.
struct CustomerSession: Sendable {
    let cookieValue: String
    let session: SessionRecord
    let customer: CustomerRecord
}

extension CustomerSite {
    enum Gate {
        case active(CustomerSession)
        case refused(Response)
    }

    /// Resolves the session cookie. Anything but an active, fully authenticated session is
    /// sent to the login screen, with the reason when the session ran out.
    func requireCustomer(_ request: Request, _ context: BankRequestContext) async throws -> Gate {
        guard let cookieValue = request.cookies[settings.sessionCookieName]?.value else {
            return .refused(HTTPResponses.redirect(to: "/login"))
        }
        switch try await bank.resolveSession(cookieValue: cookieValue, client: client(request, context)) {
        case .active(let session, let customer) where session.stage == .authenticated:
            return .active(CustomerSession(cookieValue: cookieValue, session: session, customer: customer))
        case .active:
            // Password accepted, one-time password still owed: nothing but that screen.
            return .refused(HTTPResponses.redirect(to: "/login/otp"))
        case .expired(let state):
            var response = HTTPResponses.redirect(to: state == .absoluteExpired ? "/login?reason=expired" : "/login?reason=timeout")
            response.setCookie(clearedSessionCookie())
            return .refused(response)
        case .none:
            // A cookie without a session: ended by the timeout sweep, a logout elsewhere or a new login.
            var response = HTTPResponses.redirect(to: "/login?reason=ended")
            response.setCookie(clearedSessionCookie())
            return .refused(response)
        }
    }

    /// Checks Origin and the session's CSRF token on a POST from a logged-in page.
    func verifyForm(_ request: Request, form: FormBody, session: SessionRecord) -> Bool {
        CSRFProtection.originAllowed(request, settings: settings)
            && CSRFProtection.tokensMatch(form.value(CSRFProtection.fieldName), session.csrfToken)
    }

    func sessionCookie(_ value: String) -> Cookie {
        Cookie(name: settings.sessionCookieName, value: value, path: "/", secure: settings.secureCookies,
               httpOnly: true, sameSite: .lax)
    }

    func clearedSessionCookie() -> Cookie {
        Cookie(name: settings.sessionCookieName, value: "", maxAge: 0, path: "/", secure: settings.secureCookies,
               httpOnly: true, sameSite: .lax)
    }
}
