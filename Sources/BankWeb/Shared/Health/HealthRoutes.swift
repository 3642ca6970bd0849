import BankServices
import Foundation
import Hummingbird

/// /healthz and /readyz, on the customer and the back-office listeners, outside every session
/// and form check (a probe has no cookie and posts nothing):
/// - /healthz: the process answers HTTP (no database touched); restart it when this fails.
/// - /readyz: the database answers within two seconds and carries every migration of this
///   build; 503 and the reason otherwise. The proxy sends no customer to a node that is not
///   ready, and an orchestrator waits for it before it moves on.
/// Both answer JSON, never cached, and say nothing an outsider could use.
enum HealthRoutes {
    static let healthz = CustomerRoute.health.path
    static let readyz = "/readyz"
    static let paths: Set<String> = [healthz, readyz]

    static func add(to router: Router<BankRequestContext>, bank: Bank) {
        router.get(RouterPath(healthz)) { _, _ in
            json(["status": "alive"], status: .ok)
        }
        router.get(RouterPath(readyz)) { _, _ in
            switch await bank.health.readiness() {
            case .ready(let version):
                return json(["status": "ready", "schema_version": "\(version)"], status: .ok)
            case .notReady(let reason):
                return json(["status": "not_ready", "reason": reason], status: .serviceUnavailable)
            }
        }
    }

    static func json(_ fields: [String: String], status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(fields)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: body + "\n")))
    }
}
