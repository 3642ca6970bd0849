import BankCore
@testable import BankStore
import BankTestSupport
import Foundation
import SQLKit
import SQLiteNIO
import Testing

/// Each SQLite connection has a thread of its own, and its statements run only there.
@Suite struct SQLiteThreadTests {
    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kyoei-thread-\(UUID().uuidString).sqlite").path
    }

    @Test func workRunsOnTheConnectionsThreadAndNowhereElse() async throws {
        let connection = try await SQLiteThreadConnection.open(path: Self.path(), name: "test-thread")
        #expect(!connection.thread.isCurrent)
        let onItsThread = try await connection.onThread { $0.thread.isCurrent }
        #expect(onItsThread)
        // Under the thread's preference a whole unit of work stays there between statements.
        let stays = try await withTaskExecutorPreference(connection.thread) {
            var rows: [Int] = []
            for value in 1...3 {
                try connection.execute("SELECT ?1 AS v", [.integer(value)]) { rows.append(try! $0.decode(column: "v", as: Int.self)) }
                await Task.yield()
                #expect(connection.thread.isCurrent)
            }
            return rows
        }
        #expect(stays == [1, 2, 3])
        await connection.close()
    }

    @Test func afterCloseWorkIsRefusedNotRunElsewhere() async throws {
        let database = try await BankDatabases.open(.sqlite(path: Self.path()), logger: .init(label: "test"))
        try await Migrator.migrate(database)
        await database.close()
        await #expect(throws: SQLiteStatementError.self) {
            try await database.read { db in try await db.raw("SELECT 1 AS one").first() }
        }
        await #expect(throws: SQLiteStatementError.self) {
            try await database.transaction { db in try await db.raw("SELECT 1 AS one").first() }
        }
    }

    /// The writer's temporary storage is in memory. A unit of a group runs in a savepoint, and
    /// the pages it changes that the group had changed before are kept in a sub-journal: past
    /// 64 KiB SQLite wrote it to a temporary file, one `pwrite` per page; and a RETURNING
    /// clause's rows go to a temporary b-tree. Here a savepoint changes ~100 such pages
    /// (~400 KiB) with RETURNING, and the process holds no temporary file meanwhile (before
    /// `PRAGMA temp_store = MEMORY` it held one).
    @Test func theWritersSavepointsKeepNoTemporaryFile() async throws {
        let database = try await BankDatabases.open(.sqlite(path: Self.path()), logger: .init(label: "test"))
        let before = Self.temporaryFilesOpen()
        let (changed, during) = try await database.transaction { db -> (Int, Set<String>) in
            try await db.raw("CREATE TABLE wide (id INTEGER PRIMARY KEY, filler TEXT NOT NULL)").run()
            try await db.raw("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
                INSERT INTO wide (filler) SELECT printf('%.2000c', 'x') FROM n
                """).run()
            try await db.raw("SAVEPOINT unit").run()
            let changed = try await db.raw("UPDATE wide SET filler = printf('%.2000c', 'y') RETURNING id").all().count
            let during = Self.temporaryFilesOpen()
            try await db.raw("RELEASE unit").run()
            return (changed, during)
        }
        #expect(changed == 200)
        #expect(during.subtracting(before).isEmpty)
        let kept = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM wide WHERE filler LIKE 'y%'").first()?.decode(column: "n", as: Int.self)
        }
        #expect(kept == 200)
        await database.close()
    }

    /// The temporary files this process holds open as SQLite makes them: nameless (`O_TMPFILE`,
    /// seen as `/var/tmp/#inode (deleted)`), or named etilqs_… and unlinked at once.
    static func temporaryFilesOpen() -> Set<String> {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return Set(descriptors.compactMap { descriptor in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)"),
                  target.hasSuffix(" (deleted)") else { return nil }
            let name = (target as NSString).lastPathComponent
            return name.hasPrefix("#") || name.hasPrefix("etilqs_") ? target : nil
        })
    }

    /// A kept statement is prepared once, whatever values are bound to it: without the planner's
    /// stability guarantee each of these re-prepares when its value changes (seen: 4, 5 and 4
    /// times) — a `= ?` in a join last bound to 0 or 1 (as `customer_id = 1` in 実行's reads), a
    /// `LIMIT ?`, a `LIKE ?` pattern. The answers stay right.
    @Test func keptStatementsAreNotPreparedAgainWhenTheirValuesChange() async throws {
        let connection = try await SQLiteThreadConnection.open(path: Self.path(), name: "test-plans")
        let statements = [
            "SELECT COUNT(*) AS n FROM flags f JOIN flags g ON g.id = f.id WHERE f.kind = 'a' AND f.flag = ?1",
            "SELECT COUNT(*) AS n FROM (SELECT id FROM flags ORDER BY id LIMIT ?1)",
            "SELECT COUNT(*) AS n FROM flags WHERE name LIKE ?1",
        ]
        let counts = try await connection.onThread { connection -> [[Int]] in
            try connection.execute("CREATE TABLE flags (id INTEGER PRIMARY KEY, kind TEXT, flag INTEGER, name TEXT)", []) { _ in }
            try connection.execute("CREATE INDEX flags_kind ON flags (kind)", []) { _ in }
            try connection.execute("CREATE INDEX flags_name ON flags (name)", []) { _ in }
            for id in 1...6 {
                try connection.execute("INSERT INTO flags (kind, flag, name) VALUES ('a', ?1, ?2)",
                                       [.integer(id % 3), .text("n\(id)")]) { _ in }
            }
            func count(_ sql: String, _ value: SQLiteData) throws -> Int {
                var found = -1
                try connection.execute(sql, [value]) { found = try! $0.decode(column: "n", as: Int.self) }
                return found
            }
            return try [
                [0, 1, 2, 1, 0, 5].map { try count(statements[0], .integer($0)) },
                [1, 0, 4, 1, 6].map { try count(statements[1], .integer($0)) },
                ["n1%", "n%", "x%", "n6"].map { try count(statements[2], .text($0)) },
            ]
        }
        #expect(counts == [[2, 2, 2, 2, 2, 0], [1, 0, 4, 1, 6], [1, 6, 0, 1]])
        let repreparations = try await connection.onThread { connection in statements.map { connection.repreparations(of: $0) } }
        #expect(repreparations == [0, 0, 0])
        await connection.close()
    }

    @Test func aFailedStatementSaysWhy() async throws {
        let connection = try await SQLiteThreadConnection.open(path: Self.path(), name: "test-errors")
        await #expect(throws: SQLiteStatementError.self) {
            try await connection.onThread { try $0.execute("SELECT * FROM no_such_table", []) { _ in } }
        }
        do {
            try await connection.onThread { try $0.execute("SELECT * FROM no_such_table", []) { _ in } }
        } catch let error as SQLiteStatementError {
            #expect(error.description.contains("no such table"))
        }
        // The connection goes on after the error.
        let one = try await connection.onThread { connection -> Int in
            var value = 0
            try connection.execute("SELECT 1 AS one", []) { value = try! $0.decode(column: "one", as: Int.self) }
            return value
        }
        #expect(one == 1)
        await connection.close()
    }
}
