import BankAPI
import BankServices
import Hummingbird

/// How a refused use case answers on the web: the HTTP status of every `BankError` (and the
/// other refusals the services throw), for both sites. The kind of each refusal is decided once
/// in `RefusalKind` (BankServices) and its status once in `RefusalKind.status` (BankAPI), for
/// the pages and the JSON API's problem+json alike.
enum ErrorPresenter {
    /// 403 not allowed (a role without the right, a locked credential), 404 no such thing (or
    /// not the customer's), 409 the thing is not in a state that allows it, 429 too many
    /// look-ups, 400 input to correct: a page shows its form again with the messages, where the
    /// API answers 422 (its 400 means a request it could not read).
    static func status(of error: any Error) -> HTTPResponse.Status {
        let kind = RefusalKind(error)
        return kind == .invalidInput ? .badRequest : kind.status
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
