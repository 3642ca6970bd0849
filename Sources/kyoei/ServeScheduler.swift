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

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if let report = try await bank.scheduledTransfers.runIfDue(), !report.entries.isEmpty {
                        logger.info("scheduled transfers run",
                                    metadata: ["day": "\(report.day.iso)", "executed": "\(report.executed)", "failed": "\(report.failed)",
                                               "late": "\(report.entries.filter(\.late).count)"])
                    }
                } catch {
                    logger.error("scheduled transfer run failed: \(error)")
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
