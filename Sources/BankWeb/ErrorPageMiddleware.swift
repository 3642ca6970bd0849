import Hummingbird
import Logging

/// Answers unknown pages and unexpected failures with the site's own error screen (in the
/// reader's language, without internals), and logs what went wrong. Paths under `/staff`
/// get the back office's screen, which leads back to the back office, not the customer site.
struct ErrorPageMiddleware: RouterMiddleware {
    let site: CustomerSite
    /// Nil on a customer listener that does not serve the back office.
    let staffSite: StaffSite?
    /// A listener of the back office alone: every error page is the back office's.
    var staffOnly = false

    func handle(_ request: Request, context: BankRequestContext,
                next: (Request, BankRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound || error.status == .methodNotAllowed {
            return try errorPage(request, messageKey: "error.not_found", status: error.status)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            // The client's mistake (413 too large, 400 malformed …): say so, with the status.
            return try errorPage(request, messageKey: "error.invalid_input", status: error.status)
        } catch {
            context.logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
            return try errorPage(request, messageKey: "error.internal", status: .internalServerError)
        }
    }

    func errorPage(_ request: Request, messageKey: String, status: HTTPResponse.Status) throws -> Response {
        let path = request.uri.path
        if let staffSite, staffOnly || path == StaffSite.root || path.hasPrefix(StaffSite.root + "/") {
            return try staffSite.errorPage(request, messageKey: messageKey, status: status)
        }
        return try site.errorPage(request, messageKey: messageKey, status: status)
    }
}
