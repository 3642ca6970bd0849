import BankCore
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// Migration 18 scoped two of `transfers`' indexes to the rows their queries look for (a
/// transfer made now enters neither). Each query that reads them must still read them, on
/// both engines: the statements below have the shape of the records' (TransferRecords+Scheduled,
/// TransferRecords+ScheduledBackOffice, InterbankFileRecords), values bound the same way.
@Suite struct TransferIndexScopeTests {
    static let reads: [(what: String, sql: SQLQueryString, index: String)] = [
        ("the scheduler's next due booking",
         "SELECT id FROM transfers WHERE status = 'scheduled' AND scheduled_for <= \(bind: "2026-12-31") ORDER BY scheduled_for, id LIMIT 1",
         "transfers_due"),
        ("the back office's 予約中 list by 振込指定日",
         """
         SELECT id FROM transfers WHERE status = 'scheduled' AND scheduled_for >= \(bind: "2026-12-01") \
         AND scheduled_for <= \(bind: "2026-12-31") ORDER BY scheduled_for, id LIMIT \(bind: 51)
         """,
         "transfers_due"),
        ("a 全銀 file's transfers",
         "SELECT id FROM transfers WHERE interbank_file = \(bind: "ZENGIN-20261207-01.txt") ORDER BY id",
         "transfers_interbank_file"),
    ]

    @Test(arguments: TestDatabases.engines)
    func eachQueryStillReadsItsScopedIndex(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            try await database.transaction { db in
                // An empty table is read whole on PostgreSQL whatever its indexes: ask for an index.
                if engine == .postgres { try await db.raw("SET LOCAL enable_seqscan = off").run() }
                for read in Self.reads {
                    var explained = SQLQueryString(engine == .postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ")
                    explained += read.sql
                    let plan = try await db.raw(explained).all().map { row in
                        try row.decode(column: engine == .postgres ? "QUERY PLAN" : "detail", as: String.self)
                    }.joined(separator: "\n")
                    #expect(plan.contains(read.index), "\(read.what) on \(engine): \(plan)")
                }
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theScopedIndexesCoverOnlyTheirRows(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let definitions = try await database.read { db in
                try await db.raw(engine == .postgres
                    ? "SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'transfers'"
                    : "SELECT name, sql AS definition FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transfers' AND sql IS NOT NULL")
                    .all().reduce(into: [String: String]()) { found, row in
                        found[try row.decode(column: "name", as: String.self)] = try row.decode(column: "definition", as: String.self)
                    }
            }
            let due = try #require(definitions["transfers_due"])
            #expect(due.contains("WHERE") && due.contains("'scheduled'"), "\(due)")
            let file = try #require(definitions["transfers_interbank_file"])
            #expect(file.contains("WHERE") && file.uppercased().contains("IS NOT NULL"), "\(file)")
        }
    }
}
