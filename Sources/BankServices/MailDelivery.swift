import BankCore
import BankMail
import BankStore
import Foundation
import Logging
import ServiceLifecycle

/// How the outbox worker retries: exponential backoff from `baseDelay`, at most `maxDelay`
/// between attempts, given up after `maxAttempts`.
public struct MailRetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval
    /// How long a claimed mail belongs to its worker; after that (the worker died) it is due again.
    public var lease: TimeInterval
    /// How often the worker looks for due mail when nobody wakes it.
    public var pollInterval: TimeInterval

    public init(maxAttempts: Int = 8, baseDelay: TimeInterval = 30, maxDelay: TimeInterval = 3600,
                lease: TimeInterval = 300, pollInterval: TimeInterval = 5) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.lease = lease
        self.pollInterval = pollInterval
    }

    /// The wait after the `attempts`-th failed attempt: base, 2×base, 4×base … capped.
    public func delay(afterAttempt attempts: Int) -> TimeInterval {
        min(maxDelay, baseDelay * pow(2, Double(max(0, attempts - 1))))
    }
}

public struct DeliveryReport: Sendable, Equatable {
    public var sent: Int
    public var retried: Int
    public var failed: Int
    public var expired: Int

    public init(sent: Int = 0, retried: Int = 0, failed: Int = 0, expired: Int = 0) {
        self.sent = sent; self.retried = retried; self.failed = failed; self.expired = expired
    }
}

/// Sends what the outbox holds. Runs inside `kyoei serve` (any number of processes may run
/// one); `wake()` after a commit makes a time-critical mail go out at once.
public final class MailDeliveryWorker: Service, Sendable {
    let bank: Bank
    let transport: any MailTransport
    let policy: MailRetryPolicy
    let signal = WakeSignal()
    static let batchSize = 20

    public init(bank: Bank, transport: any MailTransport, policy: MailRetryPolicy) {
        self.bank = bank
        self.transport = transport
        self.policy = policy
    }

    public func wake() {
        Task { await signal.fire() }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    _ = try await self.deliverDue()
                } catch {
                    self.bank.logger.error("mail delivery pass failed: \(error)")
                }
                await self.signal.wait(timeout: .milliseconds(Int(self.policy.pollInterval * 1000)))
            }
        }
    }

    /// One pass: expires stale secret mail, then claims and sends due mail until none is left.
    public func deliverDue() async throws -> DeliveryReport {
        var report = DeliveryReport()
        let database = bank.database
        let now = bank.clock.now()
        report.expired = try await database.transaction { db in
            let expired = try await OutboxRecords.expireSecrets(db, now: now)
            for mail in expired {
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "mail_expired", result: .info, actor: "system", customerID: mail.customerID,
                    detail: "kind=\(mail.kind) message_id=\(mail.messageID)"))
            }
            return expired.count
        }
        while true {
            let claimedAt = bank.clock.now()
            let batch = try await database.transaction { db in
                try await OutboxRecords.claim(db, engine: database.engine, limit: Self.batchSize, now: claimedAt,
                                              leaseUntil: claimedAt.addingTimeInterval(policy.lease))
            }
            if batch.isEmpty { return report }
            for mail in batch {
                try await deliver(mail, report: &report)
            }
        }
    }

    func deliver(_ mail: OutboxMail, report: inout DeliveryReport) async throws {
        let envelope = MailEnvelope(messageID: mail.messageID, from: mail.fromAddress, recipients: mail.recipients,
                                    data: Array(mail.data.utf8))
        do {
            try await transport.send(envelope)
            try await bank.database.transaction { db in try await OutboxRecords.markSent(db, id: mail.id, at: bank.clock.now()) }
            bank.logger.info("mail sent", metadata: ["message_id": .string(mail.messageID), "kind": .string(mail.kind)])
            report.sent += 1
        } catch {
            let failure = error as? MailDeliveryError ?? .temporary("\(error)")
            let now = bank.clock.now()
            var retryAt: Date?
            if case .temporary = failure, mail.attempts < policy.maxAttempts {
                retryAt = now.addingTimeInterval(policy.delay(afterAttempt: mail.attempts))
            }
            try await bank.database.transaction { db in
                try await OutboxRecords.markFailed(db, id: mail.id, error: failure.description, retryAt: retryAt)
                if retryAt == nil {
                    try await AuditRecords.append(db, AuditEvent(
                        at: now, event: "mail_failed", result: .failure, actor: "system", customerID: mail.customerID,
                        detail: "kind=\(mail.kind) message_id=\(mail.messageID) attempts=\(mail.attempts) error=\(failure.description.prefix(300))"))
                }
            }
            bank.logger.warning("mail not sent", metadata: [
                "message_id": .string(mail.messageID), "attempts": .stringConvertible(mail.attempts),
                "error": .string(failure.description), "retry": .string(retryAt.map { "\($0)" } ?? "no"),
            ])
            if retryAt == nil { report.failed += 1 } else { report.retried += 1 }
        }
    }
}

/// Wakes one waiter at once or remembers the wake-up for the next one; waits give up
/// after their timeout.
actor WakeSignal {
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var generation = 0

    func fire() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            pending = true
        }
    }

    func wait(timeout: Duration) async {
        if pending {
            pending = false
            return
        }
        generation += 1
        let mine = generation
        // Cancellation (shutdown) ends the wait at once, like a timeout.
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume()
                    return
                }
                waiter = continuation
                Task {
                    try? await Task.sleep(for: timeout)
                    await self.timeOut(generation: mine)
                }
            }
        } onCancel: {
            Task { await self.timeOut(generation: mine) }
        }
    }

    private func timeOut(generation: Int) {
        guard generation == self.generation, let waiter else { return }
        self.waiter = nil
        waiter.resume()
    }
}
