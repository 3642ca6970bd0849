import BankCore
import BankServices
import Hummingbird

/// Where a site sends a request its session does not open, and the session cookie's form: the
/// one place both sites' session rules are written (the customer site and the back office
/// differ only in these values).
struct SessionGate<Kind: SessionKind>: Sendable {
    let cookieName: String
    let cookiePath: String
    let sameSite: Cookie.SameSite
    let secure: Bool
    /// The login screen (`?reason=` says why a session ended).
    let login: String
    /// The second-factor screen, where a session still owing its code is sent.
    let pendingScreen: String
    /// The first page behind the login, where a finished login is sent from the code screen.
    let home: String
    /// The `reason` of a session that ran out.
    let expiredReason: @Sendable (SessionPolicy.State) -> String

    /// The live session of a resolved cookie, or how it ended.
    static func state(cookie: String?, _ resolve: (String) async throws -> SessionResolution<Kind>) async throws -> SessionState<Kind> {
        guard let cookie else { return .ended(.noCookie) }
        return switch try await resolve(cookie) {
        case .active(let session, let holder): .signedIn(SignedIn(cookieValue: cookie, session: session, holder: holder))
        case .otpPending(let session, let holder): .pending(SignedIn(cookieValue: cookie, session: session, holder: holder))
        case .expired(let state): .ended(.expired(state))
        case .none: .ended(.gone)
        }
    }

    /// The answer to a request that needs a finished login and does not have one.
    func refusal(signedInRequired state: SessionState<Kind>) -> Response {
        switch state {
        case .signedIn: HTTPResponses.redirect(to: home)
        // Password accepted, the code still owed: nothing but that screen.
        case .pending: HTTPResponses.redirect(to: pendingScreen)
        case .ended(let end): ended(end)
        }
    }

    /// The answer to a request for the code screen without a login waiting for its code.
    func refusal(pendingRequired state: SessionState<Kind>) -> Response {
        switch state {
        case .signedIn: HTTPResponses.redirect(to: home)
        case .pending: HTTPResponses.redirect(to: pendingScreen)
        case .ended(let end): ended(end)
        }
    }

    /// To the login, with the reason; a dead cookie is forgotten.
    func ended(_ end: SessionEnd) -> Response {
        switch end {
        case .noCookie: return HTTPResponses.redirect(to: login)
        case .expired(let state): return endedResponse(reason: expiredReason(state))
        case .gone: return endedResponse(reason: "ended")
        }
    }

    /// A redirect to the login with `reason`, telling the browser to forget the session cookie.
    func endedResponse(reason: String) -> Response {
        var response = HTTPResponses.redirect(to: login + "?reason=" + reason)
        response.setCookie(clearedCookie())
        return response
    }

    func cookie(_ value: String) -> Cookie {
        Cookie(name: cookieName, value: value, path: cookiePath, secure: secure, httpOnly: true, sameSite: sameSite)
    }

    func clearedCookie() -> Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: cookiePath, secure: secure, httpOnly: true, sameSite: sameSite)
    }
}

extension SessionGate where Kind == CustomerSessions {
    /// The customer's cookie: the whole site (`__Host-` prefix when served over HTTPS), `SameSite=Lax`.
    static func customer(_ settings: WebSettings) -> Self {
        Self(cookieName: settings.sessionCookieName, cookiePath: "/", sameSite: .lax, secure: settings.secureCookies,
             login: CustomerRoute.login.path, pendingScreen: CustomerRoute.loginOTP.path, home: CustomerRoute.menu.path,
             expiredReason: { $0 == .absoluteExpired ? "expired" : "timeout" })
    }
}

extension SessionGate where Kind == StaffSessions {
    /// The back office's cookie. Scoped to `/staff` so the browser never sends it to the
    /// customer site, `SameSite=Strict` because no other site ever links into a staff page with
    /// a reason to be logged in. Without the `__Host-` prefix (it requires `Path=/`), but
    /// `Secure` whenever the site is served over HTTPS.
    static func staff(_ settings: WebSettings) -> Self {
        Self(cookieName: StaffSite.sessionCookieName, cookiePath: StaffRoute.root, sameSite: .strict, secure: settings.secureCookies,
             login: StaffRoute.login.path, pendingScreen: StaffRoute.loginOTP.path, home: StaffRoute.home.path,
             expiredReason: { _ in "timeout" })
    }
}
