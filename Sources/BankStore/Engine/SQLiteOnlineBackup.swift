import Foundation
import VaporCSQLite

/// `kyoei admin backup` on SQLite: SQLite's online backup API (`sqlite3_backup_*`) through the
/// same bundled library the bank runs on, so file locks stay coherent with a serving process.
///
/// The copy is taken in ONE `sqlite3_backup_step(-1)`: one read transaction on the source, so
/// in WAL mode it is a snapshot of one moment (every transaction committed before it began,
/// nothing after) while the server goes on writing beside it. Stepping in chunks instead would
/// restart the copy whenever another process commits, which under load may never finish.
public enum SQLiteOnlineBackup {
    /// What one copy did.
    public struct Copy: Sendable {
        public var pages: Int
        public var bytes: Int
    }

    /// Copies the database at `source` into a new file at `destination` (which must not exist:
    /// the caller writes to a scratch name and renames it into place after checking it).
    public static func copy(from source: String, to destination: String) throws -> Copy {
        let from = try open(source, flags: SQLITE_OPEN_READWRITE)
        defer { sqlite_nio_sqlite3_close(from) }
        // A writer committing at the very moment the read transaction starts answers BUSY for an
        // instant; the timeout waits it out instead of failing the backup.
        sqlite_nio_sqlite3_busy_timeout(from, 10_000)
        let into = try open(destination, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        defer { sqlite_nio_sqlite3_close(into) }
        guard let backup = sqlite_nio_sqlite3_backup_init(into, "main", from, "main") else {
            throw failure(into, SQLITE_ERROR)
        }
        var status = SQLITE_OK
        var tries = 0
        repeat {
            status = sqlite_nio_sqlite3_backup_step(backup, -1)
            if status == SQLITE_BUSY || status == SQLITE_LOCKED {
                tries += 1
                usleep(50_000)
            }
        } while (status == SQLITE_BUSY || status == SQLITE_LOCKED) && tries < 200
        let pages = Int(sqlite_nio_sqlite3_backup_pagecount(backup))
        sqlite_nio_sqlite3_backup_finish(backup)
        guard status == SQLITE_DONE else { throw failure(into, status) }
        let pageSize = try integer(into, "PRAGMA page_size")
        return Copy(pages: pages, bytes: pages * pageSize)
    }

    /// Makes the checked copy a backup: one self-contained file (rollback journal, not WAL, so
    /// it opens read-only and travels alone), `PRAGMA integrity_check` answering exactly "ok",
    /// flushed to disk, then renamed over `destination` and the folder flushed, so a crash
    /// leaves either no backup or the whole one. Returns the integrity check's answer.
    public static func seal(scratch: String, as destination: String) throws -> [String] {
        let handle = try open(scratch, flags: SQLITE_OPEN_READWRITE)
        let problems: [String]
        do {
            _ = try rows(handle, "PRAGMA journal_mode = DELETE")
            problems = try rows(handle, "PRAGMA integrity_check")
            sqlite_nio_sqlite3_close(handle)
        } catch {
            sqlite_nio_sqlite3_close(handle)
            throw error
        }
        guard problems == ["ok"] else { return problems }
        try fsync(path: scratch)
        guard rename(scratch, destination) == 0 else {
            throw SQLiteStatementError(code: SQLITE_CANTOPEN, message: "cannot rename the backup into place: \(String(cString: strerror(errno)))")
        }
        let folder = (destination as NSString).deletingLastPathComponent
        try fsync(path: folder.isEmpty ? "." : folder)
        return problems
    }

    /// Removes a scratch copy and the journal files SQLite may have left beside it.
    public static func discard(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }

    private static func open(_ path: String, flags: Int32) throws -> OpaquePointer {
        var handle: OpaquePointer?
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard status == SQLITE_OK, let handle else {
            if let handle { sqlite_nio_sqlite3_close(handle) }
            throw SQLiteStatementError(code: status, message: "cannot open the SQLite database at \(path)")
        }
        return handle
    }

    /// Every row's first column as text (the answer of a PRAGMA).
    private static func rows(_ handle: OpaquePointer, _ sql: String) throws -> [String] {
        var statement: OpaquePointer?
        let prepared = sqlite_nio_sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else { throw failure(handle, prepared) }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        var answer: [String] = []
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return answer }
            guard status == SQLITE_ROW else { throw failure(handle, status) }
            answer.append(sqlite_nio_sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
        }
    }

    private static func integer(_ handle: OpaquePointer, _ sql: String) throws -> Int {
        Int(try rows(handle, sql).first ?? "0") ?? 0
    }

    private static func fsync(path: String) throws {
        let descriptor = Foundation.open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw SQLiteStatementError(code: SQLITE_IOERR, message: "cannot open \(path) to flush it: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard Glibc.fsync(descriptor) == 0 else {
            throw SQLiteStatementError(code: SQLITE_IOERR, message: "cannot flush \(path): \(String(cString: strerror(errno)))")
        }
    }

    private static func failure(_ handle: OpaquePointer?, _ status: Int32) -> SQLiteStatementError {
        let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "SQLite error \(status)"
        return SQLiteStatementError(code: status, message: message)
    }
}

extension SQLiteBankDatabase {
    /// The file this database lives in (what `kyoei admin backup` copies).
    public var path: String { writer.path }
}
