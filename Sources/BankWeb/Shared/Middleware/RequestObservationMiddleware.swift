import BankCore
import BankServices
import Foundation
import Hummingbird
import Logging
import NIOHTTP1

/// The first middleware of every listener: gives the request its id and client address
/// (`RequestIdentity`, trusting X-Forwarded-For and X-Request-ID only from
/// KYOEI_TRUSTED_PROXIES), answers with the id in X-Request-ID, and, once answered, writes
/// the access log line and the request metrics. The line names the route's pattern, never the
/// concrete path or its query (a mail link's token travels there), nor any header or cookie.
struct RequestObservationMiddleware: RouterMiddleware {
    typealias Context = BankRequestContext
    let trustedProxies: TrustedProxies
    var requestIDRandom: any RandomSource = SystemRandomSource()
    /// The metadata key of Hummingbird's own request id.
    static let hummingbirdRequestID = "hb.request.id"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let identity = RequestIdentity(request: request, peer: context.remoteAddress, trusting: trustedProxies,
                                       random: requestIDRandom)
        var context = context
        context.identity = identity
        // Hummingbird's own per-request id (`context.id`, its log lines) becomes this one.
        context.logger[metadataKey: Self.hummingbirdRequestID] = .string(identity.requestID)
        let facts = RequestFacts()
        var response: Response
        do {
            response = try await RequestIdentity.$current.withValue(identity) {
                try await RequestFacts.$current.withValue(facts) { try await next(request, context) }
            }
        } catch let error as HTTPParserError {
            // A malformed body: Hummingbird answers 400 and closes. The client's fault, and
            // anyone can send it in a loop: a debug line (ErrorPageMiddleware says the same).
            record(request, context, identity, facts, status: 400, started: started, level: .debug)
            throw error
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            record(request, context, identity, facts, status: 500, started: started)
            throw error
        }
        response.headers[.xRequestID] = identity.requestID
        record(request, context, identity, facts, status: Int(response.status.code), started: started)
        return response
    }

    private func record(_ request: Request, _ context: Context, _ identity: RequestIdentity, _ facts: RequestFacts,
                        status: Int, started: ContinuousClock.Instant, level forced: Logger.Level? = nil) {
        let duration = ContinuousClock.now - started
        let route = Self.routeLabel(context.endpointPath)
        BankMetrics.request(route: route, method: request.method.rawValue, status: status, duration: duration)
        var metadata: Logger.Metadata = [
            "request_id": .string(identity.requestID),
            "method": .string(request.method.rawValue),
            "route": .string(route),
            "status": .stringConvertible(status),
            "duration_ms": .string(Self.milliseconds(duration)),
            "client_ip": .string(identity.clientIP),
            "channel": .string(identity.channel.rawValue),
        ]
        if let customer = facts.customerID { metadata["customer_id"] = .stringConvertible(customer) }
        if let staff = facts.staffID { metadata["staff_id"] = .string(staff) }
        // Probes come every few seconds: their lines are debug, and a node not ready a warning
        // (its reason is logged by the check), not an error of the request.
        let probe = HealthRoutes.paths.contains(route)
        let level: Logger.Level = probe ? (status < 500 ? .debug : .warning) : status >= 500 ? .error : .info
        context.logger.log(level: forced ?? level, "request", metadata: metadata)
    }

    /// The route's pattern as the router matched it (`/transfer/:id`), `unmatched` for a path
    /// no route has: never the path itself, whose values would make a series per request.
    static func routeLabel(_ endpointPath: String?) -> String {
        guard let endpointPath, !endpointPath.isEmpty, endpointPath != "NotFound" else { return "unmatched" }
        return endpointPath
    }

    /// `12.345`: milliseconds with three decimals.
    static func milliseconds(_ duration: Duration) -> String {
        let micros = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        return String(format: "%.3f", Double(micros) / 1000)
    }
}
