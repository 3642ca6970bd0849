import BankCore
import BankWeb
import Configuration

/// How `kyoei serve` logs (text or JSON lines).
enum LogFormat: String {
    case text, json
}

extension KyoeiConfig {
    /// KYOEI_LOG_FORMAT (text|json, default text), KYOEI_TRUSTED_PROXIES (CIDR ranges, comma-
    /// or space-separated, IPv4 and IPv6; default none) and KYOEI_METRICS_LISTEN (HOST:PORT of
    /// the /metrics listener; unset: no metrics listener). A bad value stops the server at start.
    mutating func readObservability(_ config: ConfigReader) throws {
        let format = config.string(forKey: "kyoei.log.format", default: "text").lowercased()
        guard let logFormat = LogFormat(rawValue: format) else {
            throw ConfigError("KYOEI_LOG_FORMAT must be text or json (got \(format))")
        }
        self.logFormat = logFormat
        if let list = config.string(forKey: "kyoei.trusted.proxies") {
            do { trustedProxies = try TrustedProxies(parsing: list) } catch {
                throw ConfigError("KYOEI_TRUSTED_PROXIES: \(error) (a comma-separated list such as 10.0.0.0/8, ::1)")
            }
        }
        if let listen = config.string(forKey: "kyoei.metrics.listen"), !listen.isEmpty {
            guard let (host, port) = Self.parseListen(listen) else {
                throw ConfigError("KYOEI_METRICS_LISTEN must be HOST:PORT (got \(listen))")
            }
            let taken = [(listenHost, listenPort), (tokenAppListener.host, tokenAppListener.port)]
                + (staffListener.map { [($0.host, $0.port)] } ?? [])
            guard port == 0 || !taken.contains(where: { $0.1 == port && ($0.0 == host || $0.0 == "0.0.0.0" || host == "0.0.0.0") }) else {
                throw ConfigError("KYOEI_METRICS_LISTEN must be a listener of its own, not the site's, the back office's or the token app's (got \(listen))")
            }
            metricsListener = BankApplication.Listener(host: host, port: port)
        }
    }
}
