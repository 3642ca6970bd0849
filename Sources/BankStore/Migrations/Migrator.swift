import Foundation
import SQLKit

/// Applies pending migrations. Safe when several processes start at once: each migration
/// runs in a transaction that first takes an exclusive lock (SQLite: BEGIN IMMEDIATE;
/// PostgreSQL: an advisory transaction lock) and then re-reads the version.
public enum Migrator {
    static let advisoryLockKey: Int64 = 0x6B796F6569  // "kyoei"

    /// Returns the versions this call applied (empty when the schema was current).
    @discardableResult
    public static func migrate(_ database: any BankDatabase, migrations: [Migration] = Migrations.all,
                               now: Date = Date()) async throws -> [Int] {
        let engine = database.engine
        // Every kyoei command opens the database this way and nothing to do is the usual case:
        // a read finds that out, so a command never queues for the write lock behind a busy
        // server (on SQLite, six IMMEDIATE transactions per command could exceed the busy timeout).
        let latest = migrations.map(\.version).max() ?? 0
        if let current = try? await currentVersion(database), current >= latest { return [] }
        try await database.transaction { db in
            if engine == .postgres {
                try await db.raw("SELECT pg_advisory_xact_lock(\(bind: advisoryLockKey))").run()
            }
            try await db.raw("""
                CREATE TABLE IF NOT EXISTS schema_version (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """).run()
        }
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let didApply = try await database.transaction { db -> Bool in
                if engine == .postgres {
                    try await db.raw("SELECT pg_advisory_xact_lock(\(bind: advisoryLockKey))").run()
                }
                let existing = try await db.raw("SELECT version FROM schema_version WHERE version = \(bind: migration.version)").first()
                if existing != nil { return false }
                for statement in migration.sql(for: engine) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw("""
                    INSERT INTO schema_version (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now.millis))
                    """).run()
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    public static func currentVersion(_ database: any BankDatabase) async throws -> Int {
        try await database.read { db in
            let row = try await db.raw("SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) AS v FROM schema_version").first()
            return try row?.decode(column: "v", as: Int.self) ?? 0
        }
    }
}

extension Date {
    /// Milliseconds since 1970, the stored form of every timestamp.
    public var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
    public init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
