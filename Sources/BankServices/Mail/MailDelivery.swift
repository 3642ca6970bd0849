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
        self.baseDelay = max(1, baseDelay)
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
///
/// One mail is claimed at a time (so an urgent one never waits behind a batch) and its lease
/// is renewed while it is being sent, so only a worker that really died gives its mail
/// away. Results are recorded only by the worker that still holds the claim (fencing on
/// the attempt number), and shutdown never interrupts recording a result.
public final class MailDeliveryWorker: Service, Sendable {
    let bank: Bank
    let transport: any MailTransport
    let policy: MailRetryPolicy
    let signal = WakeSignal()
    /// Whether mail committed by other processes wakes this worker (PostgreSQL LISTEN,
    /// KYOEI_MAIL_LISTEN); without it, their mail waits for the poll.
    let listensToOtherProcesses: Bool

    public init(bank: Bank, transport: any MailTransport, policy: MailRetryPolicy, listensToOtherProcesses: Bool = true) {
        self.bank = bank
        self.transport = transport
        self.policy = policy
        self.listensToOtherProcesses = listensToOtherProcesses
    }

    public func wake() {
        Task { await signal.fire() }
    }

    /// Whether the worker is between passes, waiting for a wake-up or its next poll: a test
    /// waits for this before committing mail, so that only the wake-up can deliver it.
    public var isWaiting: Bool {
        get async { await signal.isWaiting }
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            if listensToOtherProcesses {
                let database = bank.database, signal = self.signal
                group.addTask {
                    await database.listenToOtherProcesses(.mailOutbox) { Task { await signal.fire() } }
                }
            }
            await deliverUntilShutdown()
            group.cancelAll()
        }
    }

    private func deliverUntilShutdown() async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                _ = try await deliverDue()
            } catch {
                bank.logger.error("mail delivery pass failed: \(error)")
            }
            // Only the wait is cut short by a shutdown, never a send or its bookkeeping.
            let signal = self.signal, timeout = Duration.milliseconds(Int(policy.pollInterval * 1000))
            await cancelWhenGracefulShutdown { await signal.wait(timeout: timeout) }
        }
    }

    /// One pass: expires stale secret mail, then claims and sends due mail one by one until
    /// none is left (or the server is shutting down).
    ///
    /// Every login notice and transfer mail wakes a pass, so its statements are counted: the
    /// claim and each result are one statement in autocommit (on PostgreSQL one round trip
    /// each, not BEGIN, statement, COMMIT), and the expiry looks before it writes.
    public func deliverDue() async throws -> DeliveryReport {
        var report = DeliveryReport()
        let database = bank.database
        report.expired = try await expireSecrets(at: bank.clock.now())
        while !Task.isShuttingDownGracefully {
            let claimedAt = bank.clock.now()
            let claimed = try await database.autocommit { db in
                try await OutboxRecords.claim(db, engine: database.engine, limit: 1, now: claimedAt,
                                              leaseUntil: claimedAt.addingTimeInterval(policy.lease))
            }
            guard let mail = claimed.first else { break }
            await deliver(mail, report: &report)
        }
        return report
    }

    /// Secret mail past its expiry blanked, each with its audit row in the same transaction.
    /// Looked for first: the claim never takes an expired secret anyway, so this pass only
    /// keeps the outbox and the audit trail in step, and almost always finds nothing.
    private func expireSecrets(at now: Date) async throws -> Int {
        let database = bank.database
        guard try await database.read({ db in try await OutboxRecords.hasExpiredSecrets(db, now: now) }) else { return 0 }
        return try await database.transaction { db in
            let expired = try await OutboxRecords.expireSecrets(db, now: now)
            for mail in expired {
                try await AuditRecords.write(db, .mailExpired, .info, by: .system, customerID: mail.customerID,
                    detail: [.field(.kind, mail.kind), .field(.messageID, mail.messageID)], at: now)
            }
            return expired.count
        }
    }

    func deliver(_ mail: OutboxMail, report: inout DeliveryReport) async {
        let outcome: MailDeliveryError?
        if mail.data.isEmpty {
            // Only a blanked secret is empty; sending it would mail the customer nothing.
            outcome = .permanent("the message body was blanked (a secret that expired or was already handled)")
        } else {
            let heartbeat = renewLease(of: mail)
            do {
                try await transport.send(MailEnvelope(messageID: mail.messageID, from: mail.fromAddress,
                                                      recipients: mail.recipients, data: Array(mail.data.utf8)))
                outcome = nil
            } catch {
                outcome = error
            }
            heartbeat.cancel()
        }
        let result = await record(mail, failure: outcome)
        BankMetrics.mailDelivery(outcome: "\(result)")
        switch result {
        case .sent: report.sent += 1
        case .retried: report.retried += 1
        case .failed: report.failed += 1
        case .lostClaim, .notRecorded: break
        }
    }

    /// Extends the claim every third of the lease while the send is under way.
    func renewLease(of mail: OutboxMail) -> Task<Void, Never> {
        let bank = self.bank, lease = policy.lease
        return Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(lease * 1000 / 3)))
                if Task.isCancelled { return }
                let until = bank.clock.now().addingTimeInterval(lease)
                _ = try? await bank.database.autocommit { db in
                    try await OutboxRecords.renewClaim(db, id: mail.id, attempt: mail.attempts, until: until)
                }
            }
        }
    }

    enum Recorded { case sent, retried, failed, lostClaim, notRecorded }

    /// Writes the outcome of one attempt. Runs in its own task so that a shutdown cannot
    /// cancel it halfway, and retries database errors: a mail that went out must not be sent
    /// again just because recording it failed once.
    func record(_ mail: OutboxMail, failure: MailDeliveryError?) async -> Recorded {
        let bank = self.bank, policy = self.policy
        return await Task {
            for attempt in 1...5 {
                do {
                    return try await Self.write(mail, failure: failure, bank: bank, policy: policy)
                } catch {
                    bank.logger.error("recording a mail result failed (try \(attempt) of 5): \(error)",
                                      metadata: ["message_id": .string(mail.messageID)])
                    try? await Task.sleep(for: .milliseconds(200 * attempt))
                }
            }
            return .notRecorded
        }.value
    }

    static func write(_ mail: OutboxMail, failure: MailDeliveryError?, bank: Bank, policy: MailRetryPolicy) async throws -> Recorded {
        let now = bank.clock.now()
        guard let failure else {
            let recorded = try await bank.database.autocommit { db in
                try await OutboxRecords.markSent(db, id: mail.id, attempt: mail.attempts, at: now)
            }
            bank.logger.info(recorded ? "mail sent" : "mail sent, but another worker had taken it over",
                             metadata: ["message_id": .string(mail.messageID), "kind": .string(mail.kind)])
            return recorded ? .sent : .lostClaim
        }
        var retryAt: Date?
        if failure.isTemporary, mail.attempts < policy.maxAttempts {
            retryAt = now.addingTimeInterval(policy.delay(afterAttempt: mail.attempts))
        }
        let recorded = try await bank.database.transaction { db in
            let recorded = try await OutboxRecords.markFailed(db, id: mail.id, attempt: mail.attempts,
                                                              error: failure.description, retryAt: retryAt)
            if recorded && retryAt == nil {
                try await AuditRecords.write(db, .mailFailed, .failure, by: .system, customerID: mail.customerID,
                    detail: [.field(.kind, mail.kind),
                             .field(.messageID, mail.messageID),
                             .field(.attempts, mail.attempts),
                             .field(.error, failure.description.prefix(300))],
                    at: now)
            }
            return recorded
        }
        bank.logger.warning("mail not sent", metadata: [
            "message_id": .string(mail.messageID), "attempts": .stringConvertible(mail.attempts),
            "error": .string(failure.description), "retry": .string(retryAt.map { "\($0)" } ?? "no"),
        ])
        if !recorded { return .lostClaim }
        return retryAt == nil ? .failed : .retried
    }
}

/// Wakes one waiter at once or remembers the wake-up for the next one; waits give up
/// after their timeout.
actor WakeSignal {
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var generation = 0

    var isWaiting: Bool { waiter != nil }

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
