import Foundation
import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO
import NIOPosix

/// SQLite in WAL mode with foreign keys and a busy timeout. SQLite has one writer at a
/// time, so this process funnels every unit of work through one connection in order;
/// other processes on the same file wait on the busy timeout.
public final class SQLiteBankDatabase: BankDatabase {
    public let engine = DatabaseEngine.sqlite
    let connection: SQLiteConnection
    let sql: any SQLDatabase
    let mutex = AsyncMutex()
    /// SQLite calls block their thread (a busy wait on another process's lock sleeps in
    /// it), so each database gets its own thread instead of sharing NIO's small pool.
    let threadPool: NIOThreadPool

    init(connection: SQLiteConnection, threadPool: NIOThreadPool) {
        self.connection = connection
        self.threadPool = threadPool
        self.sql = connection.sql(queryLogLevel: nil)
    }

    public static func open(path: String, logger: Logger) async throws -> SQLiteBankDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger,
                                                         on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            try? await threadPool.shutdownGracefully()
            throw error
        }
        let database = SQLiteBankDatabase(connection: connection, threadPool: threadPool)
        do {
            try await database.sql.raw("PRAGMA busy_timeout = 10000").run()
            try await database.sql.raw("PRAGMA journal_mode = WAL").run()
            // FULL: a committed transfer survives power loss, not only a process crash.
            try await database.sql.raw("PRAGMA synchronous = FULL").run()
            try await database.sql.raw("PRAGMA foreign_keys = ON").run()
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await mutex.withLock {
            // IMMEDIATE takes the write lock up front, so two processes never both read
            // and then fail to upgrade (SQLITE_BUSY in the middle of a transaction).
            try await sql.inTransaction(begin: "BEGIN IMMEDIATE", body)
        }
    }

    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await mutex.withLock { try await body(sql) }
    }

    public func close() async {
        try? await connection.close()
        try? await threadPool.shutdownGracefully()
    }
}
