import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// Wake-ups between `kyoei serve` processes (and `kyoei admin`) on one PostgreSQL: NOTIFY after
/// the caller's commit, LISTEN on a connection of each process's own.
///
/// Why after the commit and not inside the transaction: a transaction that NOTIFYs holds
/// PostgreSQL's global notify lock through its COMMIT (the WAL flush included), so every
/// transfer that queues a mail would commit one at a time. Sent afterwards, in the background
/// and coalesced, it costs the transfer nothing and one statement per burst of commits.
extension PostgresBankDatabase {
    public func wakeOtherProcesses(_ channel: WakeChannel) {
        notifiers[channel]?.request()
    }

    public func listenToOtherProcesses(_ channel: WakeChannel, wake: @escaping @Sendable () -> Void) async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(configuration: listenerConfiguration, id: 0, logger: logger)
                await withTaskCancellationHandler {
                    await listen(on: connection, channel, failures: &failures, wake: wake)
                } onCancel: {
                    connection.close().whenComplete { _ in }
                }
                try? await connection.close()
            } catch {
                if !Task.isCancelled {
                    logger.warning("LISTEN \(channel.rawValue) failed; the outbox poll covers meanwhile", metadata: ["error": "\(String(reflecting: error))"])
                }
            }
            failures += 1
            // 0.5 s, 1 s, 2 s … at most 30 s between attempts while the database is away.
            try? await Task.sleep(for: .milliseconds(min(30_000, 500 << min(failures - 1, 6))))
        }
    }

    /// Listens until the connection fails (or the task is cancelled); a heartbeat finds a
    /// connection that died without telling (a proxy or a firewall dropping it).
    private func listen(on connection: PostgresConnection, _ channel: WakeChannel, failures: inout Int,
                        wake: @escaping @Sendable () -> Void) async {
        let token = processToken, logger = self.logger
        do {
            try await connection.listen(on: channel.rawValue) { notifications in
                if failures > 0 { logger.info("LISTEN \(channel.rawValue) reconnected") }
                failures = 0
                // Whatever was committed while nobody listened is found now, not at the next poll.
                wake()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await notification in notifications where notification.payload != token { wake() }
                    }
                    group.addTask { try await Self.heartbeat(connection, logger: logger) }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
        } catch {
            if !Task.isCancelled {
                logger.warning("LISTEN \(channel.rawValue) lost its connection; reconnecting", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    /// `SELECT 1` every 30 s, answered within 10 s, or the listening connection is given up.
    private static func heartbeat(_ connection: PostgresConnection, logger: Logger) async throws {
        while true {
            try await Task.sleep(for: .seconds(30))
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { try await connection.query("SELECT 1", logger: logger); return true }
                group.addTask { try await Task.sleep(for: .seconds(10)); return false }
                let answered = try await group.next() ?? false
                group.cancelAll()
                if !answered { throw WakeError.heartbeatTimedOut }
            }
        }
    }

    enum WakeError: Error { case heartbeatTimedOut }

    /// The NOTIFY itself, on a pooled connection. The payload names this process, so its own
    /// listener (whose worker was woken in-process already) lets it pass.
    static func notifiers(client: PostgresClient, token: String, logger: Logger) -> [WakeChannel: CoalescedNotify] {
        Dictionary(uniqueKeysWithValues: WakeChannel.allCases.map { channel in
            (channel, CoalescedNotify {
                do {
                    try await client.withConnection { connection in
                        try await connection.query("SELECT pg_notify(\(channel.rawValue), \(token))", logger: logger)
                    }
                } catch {
                    logger.warning("NOTIFY \(channel.rawValue) failed; the other processes find it at their poll",
                                   metadata: ["error": "\(String(reflecting: error))"])
                }
            })
        })
    }
}

/// Any number of requests made while one send waits to start are served by that send; a
/// request made while a send runs gets one more send afterwards. So a NOTIFY always follows
/// the latest commit, and a burst of commits costs one or two statements, not one each.
final class CoalescedNotify: Sendable {
    private struct State: Sendable {
        var queued = false
        var sender: Task<Void, Never>?
    }

    private let state = Mutex(State())
    private let send: @Sendable () async -> Void

    init(send: @escaping @Sendable () async -> Void) {
        self.send = send
    }

    func request() {
        state.withLock { state in
            state.queued = true
            if state.sender == nil { state.sender = Task { await self.drain() } }
        }
    }

    private func drain() async {
        while state.withLock({ state in
            if state.queued {
                state.queued = false
                return true
            }
            state.sender = nil
            return false
        }) {
            await send()
        }
    }

    /// Waits until every request made so far has been sent (`close()`: a `kyoei admin` command
    /// that queued mail must not exit before the servers were told).
    /// Bounded: a NOTIFY that cannot get a connection (the server refusing "too many clients",
    /// or every connection of a closing pool taken) must not keep `close()` from returning; the
    /// other processes' poll finds the mail anyway. Returns whether everything went out.
    func finish(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while state.withLock({ $0.sender != nil }) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Gives up what is still waiting to be sent (after `finish` ran out of time).
    func abandon() {
        state.withLock { state in
            state.queued = false
            state.sender?.cancel()
        }
    }
}
