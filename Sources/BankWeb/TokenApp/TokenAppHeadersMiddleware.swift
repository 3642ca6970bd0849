import HTTPTypes
import Hummingbird

/// What every answer of the token app's origin carries (its files, its 404s): a CSP that lets
/// the page run only its own scripts and talk only to itself and the bank, `no-cache` (the
/// service worker decides what is kept; the browser asks again each time online), no
/// sniffing, no referrer. Unknown paths are a plain-text 404; a file asked for with another
/// method than GET or HEAD is a 405.
struct TokenAppHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// `scheme://host[:port]` of the bank's customer site: its token API (`/api/v1/token/…`) is the
    /// only other place the app may call.
    let bankOrigin: String
    var strictTransportSecurity = false
    /// The paths the origin serves (for 405 rather than 404).
    let paths: Set<String>

    var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' \(bankOrigin)/api/v1/token/; "
            + "manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound || error.status == .methodNotAllowed {
            if paths.contains(request.uri.path), request.method != .get, request.method != .head {
                response = HTTPResponses.text("405 Method Not Allowed", status: .methodNotAllowed)
                response.headers[.allow] = "GET, HEAD"
            } else {
                response = HTTPResponses.text("404 Not Found", status: .notFound)
            }
        } catch let error as any HTTPResponseError {
            response = HTTPResponses.text("\(error.status.code) \(error.status.reasonPhrase)", status: error.status)
        }
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.cacheControl] = "no-cache"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if strictTransportSecurity {
            response.headers[HTTPField.Name("Strict-Transport-Security")!] = "max-age=31536000; includeSubDomains"
        }
        return request.method == .head ? response.createHeadResponse() : response
    }
}
