import BankServices
import Hummingbird

/// How a refused use case answers on the web: the HTTP status of every `BankError` (and the
/// other refusals the services throw), decided here once for both sites — and, when the JSON
/// API comes, for its problem+json too.
enum ErrorPresenter {
    /// 403 not allowed (a role without the right, a locked credential), 404 no such thing (or
    /// not the customer's), 409 the thing is not in a state that allows it, 429 too many
    /// look-ups, 400 input to correct.
    static func status(of error: any Error) -> HTTPResponse.Status {
        switch error {
        case BankError.staff(.forbidden), BankError.credentialLocked, BankError.mailPasswordRefused(.locked): .forbidden
        case BankError.customerNotFound, BankError.transferNotFound, BankError.payeeNotFound, BankError.notYourAccount,
             BankError.accountNotFound, MailRetryRefusal.notFound: .notFound
        case BankError.transferStatus, MailRetryRefusal.notFailed, MailRetryRefusal.secretErased: .conflict
        case BankError.tooManyNameLookups: .tooManyRequests
        default: .badRequest
        }
    }

    /// Whether the refusal is a page of its own (403, 404) rather than a message on the form.
    static func isPageOfItsOwn(_ error: any Error) -> Bool {
        [.forbidden, .notFound].contains(status(of: error))
    }
}

extension ErrorPresenter {
    /// Turns a refusal a handler did not answer itself into the site's error page, with the
    /// status above and the session's token and holder (so the page keeps its header and
    /// language switch). Sits inside a site's session group, after `SessionMiddleware`.
    struct Pages<Kind: SessionKind>: RouterMiddleware {
        let session: @Sendable (BankRequestContext) -> SessionState<Kind>?
        /// The site's error page for a refusal: its message key, status, token, holder.
        let page: @Sendable (Request, BankError, HTTPResponse.Status, _ csrf: String, Kind.View?) throws -> Response

        func handle(_ request: Request, context: BankRequestContext,
                    next: (Request, BankRequestContext) async throws -> Response) async throws -> Response {
            do {
                return try await next(request, context)
            } catch let error as BankError {
                let current: SignedIn<Kind>? = if case .signedIn(let current)? = session(context) { current } else { nil }
                return try page(request, error, status(of: error), current?.session.csrfToken ?? "", current?.holder)
            }
        }
    }
}
