import Foundation
import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO

/// SQLite in WAL mode with foreign keys and a busy timeout. SQLite has one writer at a
/// time, so this process funnels every unit of work through one connection in order;
/// other processes on the same file wait on the busy timeout.
public final class SQLiteBankDatabase: BankDatabase {
    public let engine = DatabaseEngine.sqlite
    let connection: SQLiteConnection
    let sql: any SQLDatabase
    let mutex = AsyncMutex()

    init(connection: SQLiteConnection) {
        self.connection = connection
        self.sql = connection.sql(queryLogLevel: nil)
    }

    public static func open(path: String, logger: Logger) async throws -> SQLiteBankDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let database = SQLiteBankDatabase(connection: connection)
        do {
            try await database.sql.raw("PRAGMA busy_timeout = 10000").run()
            try await database.sql.raw("PRAGMA journal_mode = WAL").run()
            // FULL: a committed transfer survives power loss, not only a process crash.
            try await database.sql.raw("PRAGMA synchronous = FULL").run()
            try await database.sql.raw("PRAGMA foreign_keys = ON").run()
        } catch {
            try? await connection.close()
            throw error
        }
        return database
    }

    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await mutex.withLock {
            // IMMEDIATE takes the write lock up front, so two processes never both read
            // and then fail to upgrade (SQLITE_BUSY in the middle of a transaction).
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(sql)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await mutex.withLock { try await body(sql) }
    }

    public func close() async {
        try? await connection.close()
    }
}
