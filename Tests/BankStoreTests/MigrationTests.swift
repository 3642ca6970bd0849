import BankCore
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

@Suite struct MigrationTests {
    @Test(arguments: TestDatabases.engines)
    func migratesOnceAndRecordsTheVersion(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine, migrate: false) { database, _ in
            #expect(try await Migrator.migrate(database) == Migrations.all.map(\.version))
            #expect(try await Migrator.migrate(database) == [])
            #expect(try await Migrator.currentVersion(database) == Migrations.all.map(\.version).max())
            let branches = try await database.read { db in try await AccountRecords.branches(db) }
            #expect(branches.map(\.code) == ["001", "002", "003"])
            let cash = try await database.read { db in try await AccountRecords.internalAccount(db, code: "cash") }
            #expect(cash?.allowNegative == true)
        }
    }

    /// Two server processes starting at once: both migrate, neither fails, the schema is applied once.
    @Test(arguments: TestDatabases.engines)
    func concurrentMigrationsAreSafe(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine, migrate: false) { first, location in
            let second = try await BankDatabases.open(location, logger: .init(label: "second"))
            let third = try await BankDatabases.open(location, logger: .init(label: "third"))
            let results = await withTaskGroup(of: Result<[Int], any Error>.self) { group in
                for database in [first, second, third] {
                    group.addTask {
                        do { return .success(try await Migrator.migrate(database)) } catch { return .failure(error) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            await second.close()
            await third.close()
            let applied = try results.map { try $0.get() }
            #expect(applied.flatMap { $0 }.sorted() == Migrations.all.map(\.version))
            let rows = try await first.read { db in try await db.raw("SELECT COUNT(*) AS n FROM schema_version").first() }
            #expect(try rows?.decode(column: "n", as: Int.self) == Migrations.all.count)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aFailingMigrationChangesNothing(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let broken = Migration.testing(version: 99, statements: [
                "CREATE TABLE half_done (id INTEGER)",
                "INSERT INTO no_such_table VALUES (1)",
            ])
            await #expect(throws: (any Error).self) { try await Migrator.migrate(database, migrations: Migrations.all + [broken]) }
            let version = try await Migrator.currentVersion(database)
            #expect(version == Migrations.all.map(\.version).max())
            // The table created before the failing statement was rolled back with it.
            await #expect(throws: (any Error).self) {
                try await database.read { db in try await db.raw("SELECT COUNT(*) FROM half_done").run() }
            }
        }
    }
}
