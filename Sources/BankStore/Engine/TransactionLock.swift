import SQLKit

/// Work that several processes may start at the same moment and that must run one at a time,
/// each seeing what the one before wrote (three servers starting at once on a new database).
public enum TransactionLock: Int64, Sendable {
    /// Filling the holiday list from the bundled copy, or importing KYOEI_HOLIDAYS_FILE.
    case holidays = 0x6B796F6568  // "kyoeh"; the migrations' lock is "kyoei" (`Migrator`)
}

extension SQLDatabase {
    /// Waits for, then holds until this transaction ends, the turn of `lock`. PostgreSQL: an
    /// advisory transaction lock. SQLite: nothing to do, a write transaction holds the
    /// database's one write lock from its start (BEGIN IMMEDIATE).
    public func takeTurn(_ lock: TransactionLock) async throws {
        guard dialect.name == "postgresql" else { return }
        try await raw("SELECT pg_advisory_xact_lock(\(bind: lock.rawValue))").run()
    }
}
