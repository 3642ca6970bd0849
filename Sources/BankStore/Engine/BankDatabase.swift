import Foundation
import Logging
import SQLKit

public enum DatabaseEngine: String, Sendable, Codable {
    case sqlite, postgres
}

/// The bank's storage connection: SQLite (embedded default) or PostgreSQL (production).
/// All SQL is written once against `SQLDatabase`; this protocol only says how a unit of
/// work gets its connection and its transaction.
public protocol BankDatabase: Sendable {
    var engine: DatabaseEngine { get }

    /// Runs `body` in one database transaction: it commits when `body` returns and rolls
    /// back when it throws. On a serialisation failure or deadlock the whole body is run
    /// again (so it must not have effects outside the database).
    func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs read-only statements outside an explicit transaction.
    func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body`, which sends exactly ONE data-modifying statement, as its own transaction:
    /// PostgreSQL runs it without BEGIN and COMMIT (a single statement is atomic on its own:
    /// one round trip instead of three); SQLite runs it on the writer like `transaction`
    /// (group commit). For a write that needs nothing else in its transaction — a page view
    /// recording itself. A body with more statements would not be atomic on PostgreSQL:
    /// use `transaction`. Like `transaction`, the body may run again after a serialisation
    /// failure or deadlock.
    func autocommit<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs read-only statements that must agree with each other (the ledger check: entries,
    /// balances and totals) in one read-only snapshot, without taking the write lock, so
    /// transfers go on meanwhile and the answer is still of one moment.
    func snapshot<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T

    /// Tells the other processes on this database that something was committed on `channel`
    /// (call it after the commit). PostgreSQL: a NOTIFY sent in the background, coalesced, and
    /// waited for by `close()`; SQLite: nothing (its processes poll).
    func wakeOtherProcesses(_ channel: WakeChannel)

    /// Calls `wake` whenever another process calls `wakeOtherProcesses(channel)`, and once after
    /// each (re)connection, until the task is cancelled. PostgreSQL: LISTEN on a connection of
    /// its own that reconnects; SQLite: returns at once.
    func listenToOtherProcesses(_ channel: WakeChannel, wake: @escaping @Sendable () -> Void) async

    /// Closes every connection. Must be called before the value is released.
    func close() async
}

public enum DatabaseURLError: Error, CustomStringConvertible, Equatable {
    case unsupported(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .unsupported(let url): "KYOEI_DATABASE_URL: unsupported scheme in \(url) (use sqlite:///path or postgres://user:pw@host:port/db)"
        case .invalid(let url): "KYOEI_DATABASE_URL: cannot read \(url)"
        }
    }
}

/// Where the database is, parsed from `KYOEI_DATABASE_URL`.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(host: String, port: Int, username: String, password: String?, database: String, tls: PostgresTLSMode)

    public static let defaultURL = "sqlite://./var/kyoei.sqlite"

    public init(url: String) throws(DatabaseURLError) {
        if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw .invalid(url) }
            self = .sqlite(path: path)
            return
        }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else { throw .unsupported(Self.redacted(url)) }
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty,
              let user = components.user else { throw .invalid(Self.redacted(url)) }
        let database = String(components.path.drop(while: { $0 == "/" }))
        let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        guard let tls = PostgresTLSMode(sslmode: sslmode) else { throw .invalid(Self.redacted(url)) }
        self = .postgres(host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
                         password: components.password?.removingPercentEncoding, database: database.isEmpty ? user : database,
                         tls: tls)
    }

    public var engine: DatabaseEngine {
        if case .sqlite = self { return .sqlite }
        return .postgres
    }

    /// The URL with its password replaced, for error messages and logs.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "<database URL>"
    }
}

/// How the PostgreSQL connection uses TLS, from the URL's `sslmode` (libpq's names).
public enum PostgresTLSMode: Sendable, Equatable {
    /// `disable`: never (a server on the same host or a private network only).
    case disable
    /// `allow`, `prefer` (the default): TLS when the server offers it.
    case prefer
    /// `require`, `verify-ca`, `verify-full`: TLS with a verified certificate, or no connection.
    case require

    init?(sslmode: String) {
        switch sslmode {
        case "disable": self = .disable
        case "allow", "prefer": self = .prefer
        case "require", "verify-ca", "verify-full": self = .require
        default: return nil
        }
    }
}

public enum BankDatabases {
    /// Opens the database at `location` (creating the SQLite file and its folder if needed).
    /// `poolSize`: PostgreSQL's most connections at once (`KYOEI_DATABASE_POOL_SIZE`; nil:
    /// `PostgresBankDatabase.defaultPoolSize`); SQLite has its three.
    public static func open(_ location: DatabaseLocation, poolSize: Int? = nil, logger: Logger) async throws -> any BankDatabase {
        switch location {
        case .sqlite(let path):
            return try await SQLiteBankDatabase.open(path: path, logger: logger)
        case let .postgres(host, port, username, password, database, tls):
            return PostgresBankDatabase(host: host, port: port, username: username, password: password, database: database,
                                        tls: tls, maximumConnections: poolSize ?? PostgresBankDatabase.defaultPoolSize,
                                        logger: logger)
        }
    }
}

extension SQLDatabase {
    /// Runs `body` between `begin` and COMMIT on this one connection; ROLLBACK when it throws.
    nonisolated(nonsending) func inTransaction<T>(begin: SQLQueryString, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await raw(begin).run()
        do {
            let result = try await body(self)
            try await raw("COMMIT").run()
            return result
        } catch {
            try? await raw("ROLLBACK").run()
            throw error
        }
    }
}
