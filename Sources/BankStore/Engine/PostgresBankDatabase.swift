import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's pooled client. Each unit of work borrows one
/// connection for its whole transaction.
public final class PostgresBankDatabase: BankDatabase, DatabaseUsageReporting {
    public let engine = DatabaseEngine.postgres
    /// Leases of the pool in use and waited for (the metrics' gauges).
    public let usage = DatabaseUsage()
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger: Logger
    /// Where the LISTEN connection goes (`PostgresWake.swift`): the pool's server, outside the pool.
    let listenerTarget: ListenerTarget
    /// Names this process in its NOTIFY payloads, so its own listener lets them pass.
    let processToken: String
    let notifiers: [WakeChannel: CoalescedNotify]

    struct ListenerTarget: Sendable {
        var host: String, port: Int, username: String, password: String?, database: String, tls: PostgresTLSMode
    }

    public init(host: String, port: Int, username: String, password: String?, database: String, tls: PostgresTLSMode,
                maximumConnections: Int = PostgresBankDatabase.defaultPoolSize, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: Self.clientTLS(tls))
        configuration.options.maximumConnections = maximumConnections
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.listenerTarget = ListenerTarget(host: host, port: port, username: username, password: password, database: database, tls: tls)
        let token = UUID().uuidString
        self.processToken = token
        self.notifiers = Self.notifiers(client: client, token: token, logger: logger)
        // `run()` marks the client as running before its first suspension, and an immediate
        // task runs synchronously up to that point: so the client is running before this
        // initializer returns, and no lease (migrations, `kyoei admin …`) can come first and
        // draw PostgresNIO's warning "PostgresClient.run() hasn't been called yet".
        self.runner = Task.immediate { await client.run() }
    }

    static func clientTLS(_ mode: PostgresTLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        // The client configuration verifies the certificate chain and the host name.
        case .require: .require(.makeClientConfiguration())
        }
    }

    static let maximumAttempts = 5

    /// Most pooled connections when `KYOEI_DATABASE_POOL_SIZE` does not say: 20, as before the
    /// setting existed. On the 2-core benchmark machine 4, 8, 20 and 40 gave the same page
    /// throughput within the host's noise (Benchmarks/README.md); a server sharing its cores
    /// with PostgreSQL may do better with fewer, one beside a bigger database server with more.
    public static let defaultPoolSize = 20

    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await retrying { try await onConnection { try await $0.inTransaction(begin: "BEGIN", body) } }
    }

    /// The one statement in autocommit mode: PostgreSQL makes it a transaction of its own,
    /// so BEGIN and COMMIT would be two round trips that add nothing.
    public func autocommit<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await retrying { try await onConnection(body) }
    }

    /// Runs `unit` again (up to `maximumAttempts`) after a serialisation failure or deadlock.
    private func retrying<T: Sendable>(_ unit: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await unit()
            } catch let error as PSQLError where attempt < Self.maximumAttempts && Self.isRetryable(error) {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...20) * attempt))
            }
        }
    }

    /// Serialisation failure and deadlock: the transaction was rolled back and may run again.
    static func isRetryable(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40001" || state == "40P01"
    }

    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await onConnection(body)
    }

    /// REPEATABLE READ READ ONLY: every statement sees the snapshot of the first; it takes
    /// no row locks and never waits for writers.
    public func snapshot<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await onConnection { try await $0.inTransaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body) }
    }

    /// A pooled connection for one unit of work, which runs on the connection's event loop
    /// (see `EventLoopTaskExecutor`) with the bank's statements prepared (`PostgresPreparedSQLDatabase`).
    private func onConnection<T: Sendable>(_ work: (any SQLDatabase) async throws -> T) async throws -> T {
        try await usage.measure(work) { measured in
            try await client.withConnection { connection in
                try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
                    try await measured(PostgresPreparedSQLDatabase(connection: connection, logger: logger))
                }
            }
        }
    }

    /// The LISTEN connection's settings, TLS as the pool's.
    var listenerConfiguration: PostgresConnection.Configuration {
        get throws {
            let target = listenerTarget
            let tls: PostgresConnection.Configuration.TLS = switch target.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            return .init(host: target.host, port: target.port, username: target.username, password: target.password,
                         database: target.database, tls: tls)
        }
    }

    public func close() async {
        // Wake-ups asked for before closing still go out (a `kyoei admin` command that queued mail).
        for notifier in notifiers.values where !(await notifier.finish(within: .seconds(5))) {
            logger.warning("a wake-up for the other processes could not be sent before closing; their poll finds the mail")
            notifier.abandon()
        }
        runner.cancel()
        _ = await runner.value
    }
}
