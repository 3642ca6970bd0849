import BankCore
import BankStore
import Foundation
import Logging

/// What `kyoei admin backup` made and checked.
public struct DatabaseBackupReport: Sendable, Codable {
    public var path: String
    public var bytes: Int
    public var pages: Int
    /// When the copy's read transaction began: every transfer acknowledged before this is in it.
    public var startedAt: Date
    public var finishedAt: Date
    public var schemaVersion: Int
    public var integrity: String
    public var ledger: LedgerVerification
}

/// Why a backup was not made. Nothing is left behind at `path` in any of these cases.
public enum DatabaseBackupError: Error, Sendable, CustomStringConvertible {
    /// PostgreSQL is backed up with its own tools (docs/operations.md, "Backups").
    case postgres
    case exists(String)
    /// The copy failed `PRAGMA integrity_check`: its answer.
    case integrity([String])
    /// The copy's ledger does not balance (the live one did not either: `verify-ledger`).
    case ledger(LedgerVerification)

    public var description: String {
        switch self {
        case .postgres: "the database is PostgreSQL: back it up with pg_dump (docs/operations.md, Backups)"
        case .exists(let path): "\(path) already exists"
        case .integrity(let answer): "the copy failed PRAGMA integrity_check: \(answer.prefix(5).joined(separator: "; "))"
        case .ledger: "the copy's ledger is not consistent"
        }
    }
}

/// The bank's operations that act on the store as a whole: backups here, key rotation in
/// `SecretResealService`. Called by `kyoei admin` only.
public struct DatabaseBackupService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }

    /// Copies the live SQLite database into `path` with SQLite's online backup API while the
    /// server goes on serving and writing, checks the copy (the schema it carries, `PRAGMA
    /// integrity_check`, the ledger check of `verify-ledger`), then flushes it and renames it
    /// into place: `path` is either absent or a whole, checked backup. Audited in the live
    /// database, refusals too.
    public func backup(to path: String, replacing: Bool, by actor: BankActor) async throws -> DatabaseBackupReport {
        try actor.requireOperator()
        let scratch = "\(path).partial-\(ProcessInfo.processInfo.processIdentifier)"
        defer { SQLiteOnlineBackup.discard(scratch) }
        let startedAt = clock.now()
        do {
            guard let live = database as? SQLiteBankDatabase else { throw DatabaseBackupError.postgres }
            if !replacing && FileManager.default.fileExists(atPath: path) { throw DatabaseBackupError.exists(path) }
            SQLiteOnlineBackup.discard(scratch)
            let copy = try SQLiteOnlineBackup.copy(from: live.path, to: scratch)
            let (version, ledger) = try await check(scratch)
            guard ledger.isConsistent else { throw DatabaseBackupError.ledger(ledger) }
            let integrity = try SQLiteOnlineBackup.seal(scratch: scratch, as: path)
            guard integrity == ["ok"] else { throw DatabaseBackupError.integrity(integrity) }
            let report = DatabaseBackupReport(path: path, bytes: copy.bytes, pages: copy.pages, startedAt: startedAt,
                                              finishedAt: clock.now(), schemaVersion: version, integrity: "ok", ledger: ledger)
            try await audit(actor, .success, [.field(.file, path), .field(.rows, copy.pages), .field(.count, ledger.transactions),
                                              .field(.consistent, true)])
            logger.info("backup written", metadata: ["path": "\(path)", "bytes": "\(copy.bytes)", "transactions": "\(ledger.transactions)"])
            return report
        } catch {
            try? await audit(actor, .failure, [.field(.file, path), .field(.error, "\(error)".prefix(300))])
            throw error
        }
    }

    /// Opens the copy as the bank opens its database and runs the ledger check on it.
    private func check(_ scratch: String) async throws -> (version: Int, ledger: LedgerVerification) {
        let copy = try await SQLiteBankDatabase.open(path: scratch, logger: logger)
        do {
            let version = try await Migrator.currentVersion(copy)
            let ledger = try await copy.snapshot { db in try await LedgerRecords.verify(db) }
            await copy.close()
            return (version, ledger)
        } catch {
            await copy.close()
            throw error
        }
    }

    private func audit(_ actor: BankActor, _ result: AuditEvent.Result, _ detail: AuditDetail) async throws {
        let now = clock.now()
        try await database.transaction { db in
            try await AuditRecords.write(db, .databaseBackup, result, by: AuditActor(actor), detail: detail, at: now)
        }
    }
}
