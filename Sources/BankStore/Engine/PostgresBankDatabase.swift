import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's pooled client. Each unit of work borrows one
/// connection for its whole transaction.
public final class PostgresBankDatabase: BankDatabase {
    public let engine = DatabaseEngine.postgres
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger: Logger

    public init(host: String, port: Int, username: String, password: String?, database: String, tls: PostgresTLSMode,
                maximumConnections: Int = 20, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: Self.clientTLS(tls))
        configuration.options.maximumConnections = maximumConnections
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
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

    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await onConnection { try await $0.inTransaction(begin: "BEGIN", body) }
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
        try await client.withConnection { connection in
            try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
                try await work(PostgresPreparedSQLDatabase(connection: connection, logger: logger))
            }
        }
    }

    public func close() async {
        runner.cancel()
        _ = await runner.value
    }
}
