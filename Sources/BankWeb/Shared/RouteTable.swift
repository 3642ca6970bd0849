import HTTPTypes
import Hummingbird
import Synchronization

/// Every path and method a listener serves, read from the router once its routes are added
/// (`Router.routes`). It answers which methods a known path allows (405 with `Allow`).
final class RouteTable: Sendable {
    struct Route: Sendable, Hashable, CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        var description: String { "\(method.rawValue) \(path)" }
    }

    private let entries = Mutex<[(path: RouterPath, methods: Set<HTTPRequest.Method>)]>([])

    init() {}

    /// Takes the router's routes; a GET route also answers HEAD (the router is built with
    /// `.autoGenerateHeadEndpoints`).
    func record(_ routes: [Router<BankRequestContext>.RouteDescription]) {
        var byPath: [String: (path: RouterPath, methods: Set<HTTPRequest.Method>)] = [:]
        for route in routes {
            var entry = byPath[route.path.description] ?? (route.path, [])
            entry.methods.insert(route.method)
            if route.method == .get { entry.methods.insert(.head) }
            byPath[route.path.description] = entry
        }
        entries.withLock { $0 = byPath.values.sorted { $0.path.description < $1.path.description } }
    }

    var routes: [Route] {
        entries.withLock { entries in
            entries.flatMap { entry in entry.methods.map { Route(method: $0, path: entry.path.description) } }
        }.sorted { ($0.path, $0.method.rawValue) < ($1.path, $1.method.rawValue) }
    }

    /// The methods of the first route whose pattern matches `path` (nil: no such path).
    func allowedMethods(for path: String) -> Set<HTTPRequest.Method>? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return entries.withLock { entries in
            entries.first { entry in
                entry.path.components.count == segments.count
                    && zip(entry.path.components, segments).allSatisfy { component, segment in component ~= segment }
            }?.methods
        }
    }

    /// `Allow` header value: the methods in a fixed order.
    static func allowHeader(_ methods: Set<HTTPRequest.Method>) -> String {
        methods.map(\.rawValue).sorted().joined(separator: ", ")
    }
}
