@testable import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// Migration 19: the daily limit's sum, read in every 実行, reads only the index
/// `transfers_customer_day_amounts` and never the table (each of the day's transfers was a
/// seek into it); the customer's transfer list still finds the customer's rows through it.
@Suite struct TransferDayAmountsIndexTests {
    @Test(arguments: TestDatabases.engines)
    func theDaysSumReadsOnlyTheIndex(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            var sum = SQLQueryString("SELECT ")
            sum += TransferRecords.amountOnDayExpression(customerID: 1, day: "2026-12-08")
            sum += " AS total"
            let list: SQLQueryString = "SELECT id FROM transfers WHERE customer_id = \(bind: Int64(1)) ORDER BY id DESC LIMIT \(bind: 100)"
            let (sumPlan, listPlan) = try await database.transaction { db in
                // An empty table is read whole on PostgreSQL whatever its indexes: ask for an index.
                if engine == .postgres {
                    try await db.raw("SET LOCAL enable_seqscan = off").run()
                    try await db.raw("SET LOCAL enable_bitmapscan = off").run()
                }
                return (try await Self.plan(of: sum, on: db, engine), try await Self.plan(of: list, on: db, engine))
            }
            let indexOnly = engine == .postgres ? "Index Only Scan using transfers_customer_day_amounts"
                                                : "USING COVERING INDEX transfers_customer_day_amounts"
            #expect(sumPlan.contains(indexOnly), "\(sumPlan)")
            #expect(listPlan.contains("transfers_customer_day_amounts"), "\(listPlan)")
        }
    }

    static func plan(of query: SQLQueryString, on db: any SQLDatabase, _ engine: DatabaseEngine) async throws -> String {
        var explained = SQLQueryString(engine == .postgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ")
        explained += query
        return try await db.raw(explained).all().map { row in
            try row.decode(column: engine == .postgres ? "QUERY PLAN" : "detail", as: String.self)
        }.joined(separator: "\n")
    }
}
