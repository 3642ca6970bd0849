import Foundation
import Logging
import SQLKit

/// SQLite in WAL mode with foreign keys and a busy timeout. SQLite has one writer at a
/// time, so this process funnels every write transaction through one connection in order,
/// with group commit (`SQLiteWriteGate`): transactions that queue up behind each other
/// share one COMMIT, so one fsync makes them all durable. Reads use a second connection,
/// which in WAL mode sees only committed data and runs beside the writer. Other processes
/// on the same file wait on the busy timeout.
public final class SQLiteBankDatabase: BankDatabase, DatabaseUsageReporting {
    /// Units on the writer, reader and snapshot connections, and those waiting (the metrics' gauges).
    public let usage = DatabaseUsage()
    public let engine = DatabaseEngine.sqlite
    /// Each connection has a thread of its own, and a unit of work runs on that thread, so
    /// its statements are plain calls (see `SQLiteThread`).
    let writer: SQLiteThreadConnection
    let sql: any SQLDatabase
    let gate = SQLiteWriteGate()
    let reader: SQLiteThreadConnection
    let readSQL: any SQLDatabase
    let readMutex = AsyncMutex()
    /// Snapshots (the ledger check: seconds on a big ledger) have a connection of their own,
    /// so page views never wait behind one.
    let snapshotReader: SQLiteThreadConnection
    let snapshotSQL: any SQLDatabase
    let snapshotMutex = AsyncMutex()
    /// Most transactions one COMMIT covers: bounds how long another process may wait for
    /// the write lock while a busy group goes on. KYOEI_SQLITE_GROUP_LIMIT=1 turns group
    /// commit off (every transaction its own BEGIN … COMMIT), for comparing the two.
    static let groupLimit = ProcessInfo.processInfo.environment["KYOEI_SQLITE_GROUP_LIMIT"].flatMap(Int.init).map { max(1, $0) } ?? 64

    init(writer: SQLiteThreadConnection, reader: SQLiteThreadConnection, snapshotReader: SQLiteThreadConnection,
         logger: Logger) {
        self.writer = writer
        self.reader = reader
        self.snapshotReader = snapshotReader
        self.sql = SQLiteThreadDatabase(connection: writer, logger: logger)
        self.readSQL = SQLiteThreadDatabase(connection: reader, logger: logger)
        self.snapshotSQL = SQLiteThreadDatabase(connection: snapshotReader, logger: logger)
    }

    public static func open(path: String, logger: Logger) async throws -> SQLiteBankDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var opened: [SQLiteThreadConnection] = []
        do {
            for name in ["sqlite-writer", "sqlite-reader", "sqlite-snapshot"] {
                opened.append(try await SQLiteThreadConnection.open(path: path, name: name))
            }
        } catch {
            for connection in opened { await connection.close() }
            throw error
        }
        let database = SQLiteBankDatabase(writer: opened[0], reader: opened[1], snapshotReader: opened[2], logger: logger)
        do {
            try await database.sql.raw("PRAGMA busy_timeout = 10000").run()
            try await database.sql.raw("PRAGMA journal_mode = WAL").run()
            // FULL: a committed transfer survives power loss, not only a process crash.
            try await database.sql.raw("PRAGMA synchronous = FULL").run()
            try await database.sql.raw("PRAGMA foreign_keys = ON").run()
            // The writer's temporary storage in memory (issue 20; each part was about a tenth of
            // its time at 8 clients). A unit of a group runs in a savepoint, whose sub-journal
            // (the pages it changed) went to a temporary file past 64 KiB: one `pwrite` per page.
            // And each temporary b-tree a statement opens (a RETURNING clause's rows, ~11 per 実行)
            // took a first bulk of 20 cache pages, allocated and freed every time; glibc gave the
            // freed memory back to the kernel, and the next one faulted it in again. In memory the
            // sub-journal is a copy that lasts one group, and a temporary b-tree's cache takes its
            // pages one at a time.
            try await database.sql.raw("PRAGMA temp_store = MEMORY").run()
            try await database.readSQL.raw("PRAGMA busy_timeout = 10000").run()
            // `read` promises read-only work: a write there would be a bug, so it fails.
            try await database.readSQL.raw("PRAGMA query_only = ON").run()
            try await database.snapshotSQL.raw("PRAGMA busy_timeout = 10000").run()
            try await database.snapshotSQL.raw("PRAGMA query_only = ON").run()
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// Runs `body` as one unit of the open group (see `SQLiteWriteGate`) and returns once
    /// the group's COMMIT has made it durable. A unit that throws undoes only itself: the
    /// first unit of a group is the whole transaction so far (ROLLBACK), a later one runs
    /// inside a savepoint. So a writer nobody queues behind runs exactly BEGIN … COMMIT.
    public func transaction<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await usage.measure(body) { measured in
            try await withTaskExecutorPreference(writer.thread) { try await groupedUnit(measured) }
        }
    }

    private func groupedUnit<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        if await gate.acquire() {
            do {
                // IMMEDIATE takes the write lock up front, so two processes never both read
                // and then fail to upgrade (SQLITE_BUSY in the middle of a transaction).
                try await sql.raw("BEGIN IMMEDIATE").run()
            } catch {
                await gate.beginFailed()
                throw error
            }
            let value: T
            do {
                value = try await body(sql)
            } catch {
                try? await sql.raw("ROLLBACK").run()
                await gate.closeGroup(nil)
                throw error
            }
            return try await finish(.success(value))
        }
        let result: Result<T, any Error>
        do {
            try await sql.raw("SAVEPOINT unit").run()
            do {
                let value = try await body(sql)
                try await sql.raw("RELEASE unit").run()
                result = .success(value)
            } catch let failure {
                try await sql.raw("ROLLBACK TO unit").run()
                try await sql.raw("RELEASE unit").run()
                result = .failure(failure)
            }
        } catch {
            // A savepoint could not be kept or undone: nothing of the group can be trusted.
            try? await sql.raw("ROLLBACK").run()
            await gate.closeGroup(error)
            throw error
        }
        return try await finish(result)
    }

    /// After a unit: leave the COMMIT to whoever waits, or commit the group now.
    private func finish<T: Sendable>(_ result: Result<T, any Error>) async throws -> T {
        switch result {
        case .success(let value):
            if try await gate.joinIfOthersWait(limit: Self.groupLimit) { return value }
        case .failure(let error):
            if await gate.handOnIfOthersWait(limit: Self.groupLimit) { throw error }
        }
        // Last in line, or the group is full: one COMMIT for every unit in it.
        do {
            try await sql.raw("COMMIT").run()
        } catch {
            try? await sql.raw("ROLLBACK").run()
            await gate.closeGroup(error)
            throw error
        }
        await gate.closeGroup(nil)
        return try result.get()
    }

    /// One statement on the writer: SQLite has one writer, and a unit in the open group costs
    /// no more than the statement (its COMMIT is shared).
    public func autocommit<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await transaction(body)
    }

    /// Read-only work on the reading connection: it sees what was committed, never a group
    /// still waiting for its COMMIT, and does not wait for the writer.
    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await usage.measure(body) { measured in
            try await withTaskExecutorPreference(reader.thread) {
                try await readMutex.withLock { try await measured(readSQL) }
            }
        }
    }

    /// A deferred transaction on the snapshot connection: in WAL mode it reads one snapshot
    /// from its first statement to its end, while the writer and the other reads go on.
    public func snapshot<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await usage.measure(body) { measured in
            try await withTaskExecutorPreference(snapshotReader.thread) {
                try await snapshotMutex.withLock { try await snapshotSQL.inTransaction(begin: "BEGIN DEFERRED", measured) }
            }
        }
    }

    /// SQLite's processes share no channel: a worker in this process is woken in-process
    /// (`MailNotifier`), others find the mail at their next poll.
    public func wakeOtherProcesses(_ channel: WakeChannel) {}

    public func listenToOtherProcesses(_ channel: WakeChannel, wake: @escaping @Sendable () -> Void) async {}

    public func close() async {
        await writer.close()
        await reader.close()
        await snapshotReader.close()
    }
}
