import Configuration

extension KyoeiConfig {
    /// KYOEI_SHUTDOWN_GRACE_SECONDS (default 30, 1…600): after SIGTERM/SIGINT, how long
    /// requests already accepted, the booking the scheduler is running and the mail being sent
    /// may take to finish. Past it they are cancelled (a mail cut off is sent again after the
    /// restart: its lease runs out). Keep it below the orchestrator's kill timeout (Kubernetes'
    /// terminationGracePeriodSeconds, systemd's TimeoutStopSec).
    mutating func readShutdown(_ config: ConfigReader) throws {
        shutdownGraceSeconds = config.int(forKey: "kyoei.shutdown.grace.seconds", default: 30)
        guard (1...600).contains(shutdownGraceSeconds) else {
            throw ConfigError("KYOEI_SHUTDOWN_GRACE_SECONDS must be 1…600 (got \(shutdownGraceSeconds))")
        }
    }
}
