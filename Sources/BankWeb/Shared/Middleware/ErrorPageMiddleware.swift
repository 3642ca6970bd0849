import BankAPI
import Hummingbird
import Logging
import NIOHTTP1

/// Answers unknown pages and unexpected failures with the site's own error screen (in the
/// reader's language, without internals), and logs what went wrong. Paths under `/staff`
/// get the back office's screen, which leads back to the back office, not the customer site.
struct ErrorPageMiddleware: RouterMiddleware {
    let site: CustomerSite
    /// Nil on a customer listener that does not serve the back office.
    let staffSite: StaffSite?
    /// A listener of the back office alone: every error page is the back office's.
    var staffOnly = false
    /// The listener's routes, for 405 and its `Allow` header.
    var routes = RouteTable()

    func handle(_ request: Request, context: BankRequestContext,
                next: (Request, BankRequestContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let answer as EarlyResponse {
            // A handler's finished answer (a session that does not open the page).
            response = answer.response
        } catch let error as HTTPParserError {
            // A malformed body (a bad chunk size, a body cut short by a half-close): the
            // client's fault, and anyone can send it in a loop, so no error-level line. The
            // stream cannot be trusted past it: Hummingbird answers 400 and closes the connection.
            context.logger.debug("malformed request", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
            throw error
        } catch let error as any HTTPResponseError where error.status == .notFound || error.status == .methodNotAllowed {
            let allowed = routes.allowedMethods(for: request.uri.path)
            let wrongMethod = allowed.map { !$0.contains(request.method) } ?? false
            if let problem = BankAPI.unmatched(request, status: wrongMethod ? .methodNotAllowed : .notFound,
                                               allow: wrongMethod ? allowed.map(RouteTable.allowHeader) : nil) {
                // Under /api/v1 the answer is problem+json, not a page.
                response = problem
            } else if let allowed = routes.allowedMethods(for: request.uri.path), !allowed.contains(request.method) {
                // A known path, another method (HEAD on a POST-only path, PUT, OPTIONS …).
                response = try errorPage(request, messageKey: "error.not_found", status: .methodNotAllowed)
                response.headers[.allow] = RouteTable.allowHeader(allowed)
            } else {
                response = try errorPage(request, messageKey: "error.not_found", status: error.status)
            }
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            // The client's mistake (413 too large, 400 malformed …): say so, with the status.
            response = try errorPage(request, messageKey: "error.invalid_input", status: error.status)
        } catch {
            context.logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
            response = try errorPage(request, messageKey: "error.internal", status: .internalServerError)
        }
        // HEAD gets the head alone (GET routes answer HEAD through the router; this covers
        // the error pages).
        return request.method == .head ? response.createHeadResponse() : response
    }

    func errorPage(_ request: Request, messageKey: String, status: HTTPResponse.Status) throws -> Response {
        let path = request.uri.path
        if let staffSite, staffOnly || StaffRoute.contains(path) {
            return try staffSite.errorPage(request, messageKey: messageKey, status: status)
        }
        return try site.errorPage(request, messageKey: messageKey, status: status)
    }
}
