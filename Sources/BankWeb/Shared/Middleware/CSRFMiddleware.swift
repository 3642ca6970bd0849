import BankServices
import Hummingbird

/// The cross-site request forgery check of every form POST of a site, in one place: the
/// Origin must be the site itself and the form must carry the token bound to the session (or,
/// before login, to the signed pre-login cookie). The form read here is kept in the context
/// for the handler. A refusal is 403 with the site's error page, and nothing is done.
struct CSRFMiddleware<Kind: SessionKind>: RouterMiddleware {
    /// Which token a group's forms carry.
    enum Token: Sendable {
        /// A page behind the login: the session's, when the session is in the stage the page
        /// needs (`pending`: the code screen; nil: any stage, as logout). Otherwise the handler
        /// answers first (the redirect to the login or to the code screen), as it always has.
        case session(pending: Bool?)
        /// The login form: the pre-login cookie's.
        case preLogin
        /// The language switch: the session's (any stage) if there is one, else the pre-login cookie's.
        case sessionOrPreLogin
    }

    let token: Token
    let settings: WebSettings
    let session: @Sendable (BankRequestContext) -> SessionState<Kind>?
    let preLoginToken: @Sendable (Request) -> String
    /// The site's error page, with the session's token (or none) and the holder once logged in.
    let refusalPage: @Sendable (Request, _ csrf: String, Kind.View?) throws -> Response

    func handle(_ request: Request, context: BankRequestContext,
                next: (Request, BankRequestContext) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var context = context
        let form = try await FormBody.read(request, context: context)
        context.form = form
        let state = session(context)
        let expected: String
        // The refusal page of a session form carries the session's token (its language switch
        // works) and, once logged in, who is; a form before login shows neither.
        var pageToken = ""
        var pageHolder: Kind.View?
        switch (token, state) {
        case (.session(let pending), .signedIn(let current)?) where pending != true:
            expected = current.session.csrfToken
            pageToken = expected
            pageHolder = current.holder
        case (.session(let pending), .pending(let current)?) where pending != false:
            expected = current.session.csrfToken
            pageToken = expected
        case (.session, _):
            return try await next(request, context)
        case (.preLogin, _):
            expected = preLoginToken(request)
        case (.sessionOrPreLogin, _):
            expected = state?.live?.session.csrfToken ?? preLoginToken(request)
        }
        guard CSRFProtection.originAllowed(request, settings: settings),
              CSRFProtection.tokensMatch(form.value(CSRFProtection.fieldName), expected) else {
            return try refusalPage(request, pageToken, pageHolder)
        }
        return try await next(request, context)
    }
}
