import BankCore
import BankStore
import Foundation
import Metrics
import Synchronization

/// /readyz and the gauges a scrape reads: whether this node can serve (its database answers
/// and carries every migration of this build) and how the outbox and the connections stand.
public struct HealthService: BankUseCase {
    public let context: BankContext

    public enum Readiness: Sendable, Equatable {
        case ready(schemaVersion: Int)
        /// Why not, in an operator's words (no secret, no connection detail: the log has those).
        case notReady(reason: String)
    }

    /// How long /readyz waits for the database before answering 503: a probe must answer
    /// before the proxy's or the orchestrator's own timeout, hung database or not.
    public static let defaultTimeout = Duration.seconds(2)

    public func readiness(timeout: Duration = HealthService.defaultTimeout) async -> Readiness {
        let database = self.database, logger = self.logger
        let answer = await Self.within(timeout) { () async -> Readiness in
            do {
                let pending = try await Migrator.pendingVersions(database)
                if !pending.isEmpty {
                    return .notReady(reason: "migrations pending: " + pending.map(String.init).joined(separator: ", "))
                }
                return .ready(schemaVersion: Migrations.all.map(\.version).max() ?? 0)
            } catch {
                logger.warning("readiness check: the database did not answer", metadata: ["error": "\(error)"])
                return .notReady(reason: "database unreachable")
            }
        }
        let readiness = answer ?? .notReady(reason: "database did not answer within \(timeout)")
        Gauge(label: BankMetrics.databaseUp).record(readiness == .notReady(reason: "database unreachable") || answer == nil ? 0 : 1)
        return readiness
    }

    /// Sets the gauges read at a scrape: the outbox backlog (pending, due, age of the oldest
    /// due mail, given up) and the connections in use and waited for.
    public func refreshGauges() async {
        if let reporting = database as? any DatabaseUsageReporting {
            let usage = reporting.usage.snapshot
            Gauge(label: BankMetrics.databaseConnections, dimensions: [("state", "in_use")]).record(usage.inUse)
            Gauge(label: BankMetrics.databaseConnections, dimensions: [("state", "waiting")]).record(usage.waiting)
        }
        let database = self.database, now = clock.now()
        let backlog = await Self.within(Self.defaultTimeout) { () async -> OutboxBacklog? in
            try? await database.read { db in try await OutboxRecords.backlog(db, now: now) }
        } ?? nil
        Gauge(label: BankMetrics.databaseUp).record(backlog == nil ? 0 : 1)
        guard let backlog else { return }
        Gauge(label: BankMetrics.outboxPending).record(backlog.pending)
        Gauge(label: BankMetrics.outboxDue).record(backlog.due)
        Gauge(label: BankMetrics.outboxFailed).record(backlog.failed)
        Gauge(label: BankMetrics.outboxOldestDueAge).record(backlog.oldestDueSince.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }

    /// `work`'s answer, or nil when it takes longer than `timeout` (it is then left to finish
    /// on its own: a hung database must not hang the probe).
    static func within<T: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async -> T) async -> T? {
        await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let answer = FirstAnswer(continuation)
            Task { answer.resume(await work()) }
            Task { try? await Task.sleep(for: timeout); answer.resume(nil) }
        }
    }

    /// A continuation resumed once, by whichever comes first.
    private final class FirstAnswer<T: Sendable>: Sendable {
        private let continuation: Mutex<CheckedContinuation<T?, Never>?>
        init(_ continuation: CheckedContinuation<T?, Never>) { self.continuation = Mutex(continuation) }
        func resume(_ value: T?) { continuation.withLock { $0.take() }?.resume(returning: value) }
    }
}
