import HTTPTypes
import Hummingbird

/// Headers every response carries: a strict CSP (no inline script or style; scripts from
/// this origin alone, and the one request they may make is 「延長する」), no framing,
/// no caching of banking pages, no MIME sniffing, no referrer leaks.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Served over HTTPS: browsers are told to use nothing else for a year.
    var strictTransportSecurity = false

    /// The full URLs a page's script may call (`connect-src`): the session timer's 「延長する」
    /// at each origin the site answers as. Not `'self'`: no script of the banking pages may
    /// reach the token app's provisioning API, which lives on the same origin.
    var connectSources: [String] = []

    var contentSecurityPolicy: String {
        let connect = connectSources.isEmpty ? "'none'" : connectSources.sorted().joined(separator: " ")
        return "default-src 'none'; script-src 'self'; connect-src \(connect); style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = HTTPResponses.text("\(error.status.code) \(error.status.reasonPhrase)", status: error.status)
        }
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        if strictTransportSecurity {
            response.headers[HTTPField.Name("Strict-Transport-Security")!] = "max-age=31536000; includeSubDomains"
        }
        if request.uri.path.hasPrefix("/static/") {
            response.headers[.cacheControl] = "public, max-age=3600"
        } else {
            response.headers[.cacheControl] = "no-store"
            response.headers[HTTPField.Name("Pragma")!] = "no-cache"
        }
        return response
    }
}
