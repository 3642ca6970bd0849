import BankServices
import BankWeb
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Synchronization

/// KYOEI_METRICS_LISTEN: /metrics in the Prometheus text format on a listener of its own —
/// never the public one, so the internet never sees it; bind it to an address only the
/// monitoring network reaches. Counters and histograms are swift-metrics' (BankMetrics names
/// them); the gauges (outbox backlog, connections) are read from the database at each scrape.
enum ServeMetrics {
    /// The process's registry, made and bootstrapped into swift-metrics once: `MetricsSystem`
    /// takes one bootstrap per process, so a second call returns the first registry.
    static func bootstrap() -> PrometheusCollectorRegistry {
        registry.withLock { slot in
            if let existing = slot { return existing }
            let made = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: made))
            slot = made
            return made
        }
    }

    private static let registry = Mutex<PrometheusCollectorRegistry?>(nil)

    /// The metrics listener: GET /metrics (and HEAD), nothing else.
    static func service(bank: Bank, registry: PrometheusCollectorRegistry, listener: BankApplication.Listener,
                        logger: Logger) -> some Service {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.get("/metrics") { _, _ -> Response in
            await bank.health.refreshGauges()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        return Application(router: router, configuration: .init(address: .hostname(listener.host, port: listener.port),
                                                                serverName: "kyoei-metrics"), logger: logger)
    }
}

/// KYOEI_LOG_FORMAT: swift-log's handler for `kyoei serve`, chosen once before any logger is
/// made. Every line written while a request is answered carries its request id.
enum ServeLogging {
    static func bootstrap(_ format: LogFormat) {
        bootstrapped.withLock { done in
            guard !done else { return }
            done = true
            switch format {
            case .text:
                LoggingSystem.bootstrap({ label, provider in StreamLogHandler.standardError(label: label, metadataProvider: provider) },
                                        metadataProvider: .requestID)
            case .json:
                LoggingSystem.bootstrap({ label, provider in JSONLogHandler(label: label, metadataProvider: provider) },
                                        metadataProvider: .requestID)
            }
        }
    }

    private static let bootstrapped = Mutex(false)
}
