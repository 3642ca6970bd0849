import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// Several servers starting at once on a new database each fill the holiday list from the
/// bundled copy: one fills it, the others find it filled; none fails (before the turn was taken,
/// two of three `kyoei serve` started together on PostgreSQL died on holiday_years' key).
@Suite struct CalendarSeedingTogetherTests {
    @Test(arguments: TestDatabases.engines)
    func serversSeedingAtOnceFillTheListOnce(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { _, location in
            var databases: [any BankDatabase] = []
            for _ in 0..<4 { databases.append(try await BankDatabases.open(location, logger: TestDatabases.logger)) }
            let banks = databases.map { Bank(database: $0, hasher: TestDatabases.cheapHasher, settings: BankSettings()) }
            let filled = try await withThrowingTaskGroup(of: [Int].self) { group in
                for bank in banks { group.addTask { try await bank.calendar.seedBundled() } }
                return try await group.reduce(into: [[Int]]()) { $0.append($1) }
            }
            #expect(filled.filter { !$0.isEmpty }.count == 1, "\(filled)")
            let years = try await banks[0].calendar.years()
            #expect(!years.isEmpty && years.allSatisfy { $0.holidays > 0 })
            #expect(Set(years.map(\.year)).count == years.count)
            for database in databases { await database.close() }
        }
    }
}
