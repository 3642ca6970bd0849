import CSQLiteOptions
import Foundation
import NIOCore
import SQLiteNIO
import VaporCSQLite

/// A SQLite connection used only on its own `SQLiteThread`, through the C API that
/// SQLiteNIO bundles (one SQLite library in the process, so file locks stay coherent).
/// Statements are prepared once and kept: the bank's SQL text is fixed and its values are
/// bound, so the same few dozen statements run again and again.
final class SQLiteThreadConnection: @unchecked Sendable {
    let thread: SQLiteThread
    let path: String
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    /// Enough for every statement the bank runs; past it the cache starts over.
    static let statementCacheLimit = 512

    private init(thread: SQLiteThread, path: String) {
        self.thread = thread
        self.path = path
    }

    static func open(path: String, name: String) async throws -> SQLiteThreadConnection {
        let connection = SQLiteThreadConnection(thread: SQLiteThread(name: name), path: path)
        do {
            try await connection.onThread { try $0.openHandle() }
        } catch {
            connection.thread.shutdown()
            throw error
        }
        return connection
    }

    /// Runs `work` on the connection's thread: at once when already there (a unit of work
    /// running with this thread as its executor), otherwise after one hop.
    func onThread<T>(_ work: (SQLiteThreadConnection) throws -> T) async throws -> T {
        if thread.isCurrent { return try work(self) }
        return try await withTaskExecutorPreference(thread) {
            // Only after `close` does the work not land on the thread: refuse it there.
            guard thread.isCurrent else {
                throw SQLiteStatementError(code: SQLITE_MISUSE, message: "the SQLite connection is closed")
            }
            return try work(self)
        }
    }

    private static let initialized: Int32 = sqlite_nio_sqlite3_initialize()

    private func openHandle() throws {
        _ = Self.initialized
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        var opened: OpaquePointer?
        let status = sqlite_nio_sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            if let opened { sqlite_nio_sqlite3_close(opened) }
            throw SQLiteStatementError(code: status, message: "cannot open the SQLite database at \(path)")
        }
        // A kept statement must stay prepared. Without the planner's stability guarantee SQLite
        // re-prepares a statement (parsing it and reading the schema again, ~480,000
        // instructions) whenever a value it planned by changes: a `col = ?` last bound to 0 or
        // 1, a `LIMIT ?`, a `LIKE ?`. Bound IDs and flags are 0 or 1 often enough that 実行 did
        // this about once in two transfers (issue 20).
        let kept = kyoei_sqlite_keep_plans(opened)
        guard kept == SQLITE_OK else {
            sqlite_nio_sqlite3_close(opened)
            throw SQLiteStatementError(code: kept, message: "cannot keep query plans stable on \(path)")
        }
        handle = opened
    }

    /// How often the kept statement for `sql` was prepared again (SQLITE_STMTSTATUS_REPREPARE);
    /// nil when it is not kept. Must run on the thread.
    func repreparations(of sql: String) -> Int32? {
        statements[sql].map { sqlite_nio_sqlite3_stmt_status($0, SQLITE_STMTSTATUS_REPREPARE, 0) }
    }

    /// Runs one statement and hands each result row to `onRow`. Must run on the thread.
    func execute(_ sql: String, _ binds: [SQLiteData], _ onRow: (SQLiteThreadRow) -> Void) throws {
        guard handle != nil else { throw SQLiteStatementError(code: SQLITE_MISUSE, message: "the SQLite connection is closed") }
        let statement = try prepared(sql)
        // Every run binds every parameter, so the old values need no clearing (before plans were
        // kept stable, sqlite3_clear_bindings also expired a statement whose plan had looked at a
        // bound value, re-preparing it on each use).
        defer { sqlite_nio_sqlite3_reset(statement) }
        for (index, value) in binds.enumerated() {
            let status = bind(value, at: Int32(index + 1), to: statement)
            guard status == SQLITE_OK else { throw failure(status) }
        }
        var columns: SQLiteThreadRow.Columns?
        while true {
            switch sqlite_nio_sqlite3_step(statement) {
            case SQLITE_ROW:
                let names = columns ?? Self.columns(of: statement)
                columns = names
                onRow(SQLiteThreadRow(columns: names, values: (0..<Int32(names.names.count)).map { Self.value(at: $0, of: statement) }))
            case SQLITE_DONE:
                return
            case let status:
                throw failure(status)
            }
        }
    }

    /// Finalizes every statement and closes the connection, then ends the thread.
    func close() async {
        try? await onThread { connection in
            for statement in connection.statements.values { sqlite_nio_sqlite3_finalize(statement) }
            connection.statements = [:]
            if let handle = connection.handle { sqlite_nio_sqlite3_close(handle) }
            connection.handle = nil
        }
        thread.shutdown()
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.statementCacheLimit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements = [:]
        }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLiteData, at index: Int32, to statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let integer):
            return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case .float(let double):
            return sqlite_nio_sqlite3_bind_double(statement, index, double)
        case .text(let text):
            var text = text
            return text.withUTF8 { bytes in
                sqlite_nio_sqlite3_bind_text64(statement, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                                               UInt64(bytes.count), sqliteTransient, UInt8(SQLITE_UTF8))
            }
        case .blob(let buffer):
            return buffer.withUnsafeReadableBytes { bytes in
                sqlite_nio_sqlite3_bind_blob64(statement, index, bytes.baseAddress, UInt64(bytes.count), sqliteTransient)
            }
        case .null:
            return sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private static func columns(of statement: OpaquePointer) -> SQLiteThreadRow.Columns {
        let count = sqlite_nio_sqlite3_column_count(statement)
        return SQLiteThreadRow.Columns(names: (0..<count).map { index in
            sqlite_nio_sqlite3_column_name(statement, index).map { String(cString: $0) } ?? ""
        })
    }

    private static func value(at index: Int32, of statement: OpaquePointer) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER:
            return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, index)))
        case SQLITE_FLOAT:
            return .float(sqlite_nio_sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, index) else { return .text("") }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let blob = sqlite_nio_sqlite3_column_blob(statement, index) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: blob, count: count))
            }
            return .blob(buffer)
        default:
            return .null
        }
    }

    private func failure(_ status: Int32) -> SQLiteStatementError {
        let message = sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "SQLite error \(status)"
        return SQLiteStatementError(code: status, message: message)
    }
}

/// SQLite's "copy the value now" destructor (the C macro SQLITE_TRANSIENT).
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A failed SQLite call: its (extended) result code and SQLite's message.
public struct SQLiteStatementError: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public var description: String { "SQLite error \(code): \(message)" }
}
