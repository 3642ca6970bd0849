import BankServices
import Foundation
import Hummingbird
import OpenAPIHummingbird

/// The JSON API (`/api/v1`): see openapi.yaml at the repository's root, the source of truth.
/// Its operations are generated into Generated/ (scripts/openapi-generate); the handlers call
/// the same use cases as the pages.
public enum BankAPI {
    public static let basePath = "/api/v1"

    /// Adds the API's routes under `basePath`: every operation of the document, behind the
    /// problem answers and the gate (size limit, bearer session, per-address limit), plus the
    /// reference page `/api/v1/docs`. No CORS header is ever sent: a browser page of another
    /// origin cannot read an answer (the token app's provisioning call has its own routes).
    public static func addRoutes<Context: APIRequestContext>(to router: Router<Context>, bank: Bank, settings: APISettings) {
        let group = router.group(RouterPath(basePath))
            .add(middleware: APIProblemMiddleware<Context>())
            .add(middleware: APIGateMiddleware<Context>(bank: bank, settings: settings,
                                                        limiter: AnonymousRateLimiter(limit: settings.anonymousRateLimit)))
        do {
            try APIHandler(bank: bank, settings: settings).registerHandlers(on: group, serverURL: URL(string: "/")!)
        } catch {
            // Only a path the generator wrote wrongly gets here: a broken build, not a request.
            preconditionFailure("the API's generated routes could not be registered: \(error)")
        }
        group.get("docs") { _, _ in APIDocument.referencePage() }
    }

    /// A request under the API's path that matched no route (or not with this method): the
    /// problem answer, for the site's error middleware to send instead of an HTML page.
    public static func unmatched(_ request: Request, status: HTTPResponse.Status, allow: String?) -> Response? {
        guard request.uri.path == basePath || request.uri.path.hasPrefix(basePath + "/") else { return nil }
        var problem = status == .methodNotAllowed
            ? APIProblem(status: .methodNotAllowed, messageKey: "error.api.method_not_allowed") : APIProblem.notFound
        if let allow { problem.headers[.allow] = allow }
        return problem.response(path: request.uri.path, language: .accepted(by: request))
    }
}
