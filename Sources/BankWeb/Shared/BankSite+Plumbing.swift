import BankServices
import Hummingbird

/// The plumbing both sites' route groups are built from: the session cookie, the CSRF check
/// of a group's forms, the refusal pages, and reading an id from a path.
extension BankSite {
    func sessionCookie(_ value: String) -> Cookie { sessionGate.cookie(value) }
    func clearedSessionCookie() -> Cookie { sessionGate.clearedCookie() }

    /// The CSRF check of a group's forms; a refusal is the site's error page.
    func formCheck(_ token: CSRFMiddleware<Kind>.Token) -> CSRFMiddleware<Kind> {
        CSRFMiddleware(token: token, settings: settings, session: { Self.session($0) },
                       preLoginToken: { request in self.genuinePreLoginCookie(request) },
                       refusalPage: { request, csrf, holder in
                           try self.errorPage(request, messageKey: "error.csrf", status: .forbidden, csrf: csrf, holder: holder)
                       })
    }

    /// Any refusal a signed-in page does not answer itself, as the site's error page.
    func refusalPages() -> ErrorPresenter.Pages<Kind> {
        ErrorPresenter.Pages(session: { Self.session($0) }) { request, error, status, csrf, holder in
            try self.errorPage(request, messageKey: Self.messageKey(error), status: status, csrf: csrf, holder: holder)
        }
    }

    /// A path or query id: a positive number, or nil (answered like an id nothing has).
    static func positiveID(_ raw: String?) -> Int64? {
        guard let raw, let id = Int64(raw), id > 0 else { return nil }
        return id
    }
}
