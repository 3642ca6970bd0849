import HTTPTypes
import Hummingbird

/// CORS for the token app's API (`/api/v1/token/provision`, `/status`): the phone token app runs
/// on an origin of its own (KYOEI_TOKEN_APP_URL), so its browser sends `Origin` and reads the
/// answer only when it carries `Access-Control-Allow-Origin`. That origin alone is let through;
/// any other origin — the bank's own customer site included, so that no script of the banking
/// site can ever obtain a token secret — is refused before the handler runs: nothing is counted,
/// nothing changes. A request without `Origin` (kyoei-token, curl) is not a browser's
/// cross-origin call and goes on as before.
struct TokenAppCORSMiddleware<Context: RequestContext>: RouterMiddleware {
    /// `scheme://host[:port]` of the token app, lower-cased.
    let allowedOrigin: String

    init(tokenAppURL: String) {
        allowedOrigin = WebSettings.origin(of: tokenAppURL)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        guard origin.lowercased() == allowedOrigin else {
            var refusal = HTTPResponses.json(CustomerSite.refusalBody("origin_not_allowed", "provision.origin_not_allowed"),
                                             status: .forbidden)
            refusal.headers[.vary] = "Origin"
            return refusal
        }
        var response: Response
        if request.method == .options {
            // The preflight of a JSON POST: what may follow, remembered for ten minutes.
            response = Response(status: .noContent)
            response.headers[.accessControlAllowMethods] = "POST"
            response.headers[.accessControlAllowHeaders] = "content-type"
            response.headers[.accessControlMaxAge] = "600"
        } else {
            do {
                response = try await next(request, context)
            } catch let error as any HTTPResponseError {
                // A refusal thrown on the way (a body over the limit, …) must reach the app
                // as that refusal, not as a CORS failure the app could only call a network error.
                response = try error.response(from: request, context: context)
            }
        }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.vary] = "Origin"
        return response
    }
}
