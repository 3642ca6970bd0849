import BankServices
import Logging
import ServiceLifecycle

/// 予約振込's scheduler inside `kyoei serve`: at start (a restart after a missed run catches
/// up at once) and then every `interval`, runs every booking due today or earlier once the
/// JST hour KYOEI_SCHEDULE_HOUR has come. Several servers on one PostgreSQL run it side by
/// side: each booking is claimed under `FOR UPDATE SKIP LOCKED` and runs exactly once.
struct TransferScheduler: Service {
    let bank: Bank
    let logger: Logger
    var interval: Duration = .seconds(30)

    /// A shutdown never cuts a booking in half: it ends the wait between runs at once, and a
    /// run under way stops between two bookings (`run(day:)` checks before each); the rest
    /// stay 予約中 for the next start, on this node or another.
    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if let report = try await bank.scheduledTransfers.runIfDue(), !report.entries.isEmpty {
                    logger.info("scheduled transfers run",
                                metadata: ["day": "\(report.day.iso)", "executed": "\(report.executed)", "failed": "\(report.failed)",
                                           "late": "\(report.entries.filter(\.late).count)"])
                }
            } catch {
                logger.error("scheduled transfer run failed: \(error)")
            }
            let interval = self.interval
            await cancelWhenGracefulShutdown { try? await Task.sleep(for: interval) }
        }
    }
}
