import Foundation
import Hummingbird

/// What the route enums of both sites share: a link and the pattern the router registers.
protocol SiteRoute {
    /// The link to the page (ids filled in).
    var path: String { get }
    /// The router's pattern (`:id` in place of each id).
    var pattern: String { get }
}

extension SiteRoute {
    /// The link with a query (`/login?reason=ended`). Values are the server's own (reasons,
    /// numbers, nonces) and come out as they are; anything outside the query characters is
    /// percent-encoded so that a value can never end the query early.
    func path(query: KeyValuePairs<String, String>) -> String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\($0.key)=\(Self.queryValue($0.value))" }.joined(separator: "&")
    }

    static func queryValue(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: queryValueCharacters) ?? ""
    }

    /// A path segment for an id; nil is the router's parameter.
    static func segment(_ id: Int64?, name: String = "id") -> String {
        id.map(String.init) ?? ":" + name
    }
}

private let queryValueCharacters: CharacterSet = {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+#")
    return allowed
}()

/// Registering a route by its value: `router.get(CustomerRoute.menu) { … }`.
extension RouterMethods {
    @discardableResult
    func get(_ route: CustomerRoute, use handler: @Sendable @escaping (Request, Context) async throws -> Response) -> Self {
        get(RouterPath(route.pattern), use: handler)
    }

    @discardableResult
    func post(_ route: CustomerRoute, use handler: @Sendable @escaping (Request, Context) async throws -> Response) -> Self {
        post(RouterPath(route.pattern), use: handler)
    }

    @discardableResult
    func get(_ route: StaffRoute, use handler: @Sendable @escaping (Request, Context) async throws -> Response) -> Self {
        get(RouterPath(route.pattern), use: handler)
    }

    @discardableResult
    func post(_ route: StaffRoute, use handler: @Sendable @escaping (Request, Context) async throws -> Response) -> Self {
        post(RouterPath(route.pattern), use: handler)
    }
}

extension HTTPResponses {
    /// 303 to a page of either site.
    static func redirect(to route: some SiteRoute, query: KeyValuePairs<String, String> = [:]) -> Response {
        redirect(to: route.path(query: query))
    }
}
