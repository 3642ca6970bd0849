@testable import BankStore
import BankTestSupport

extension StepForm {
    /// Every form a step has on an engine: SQLite the statements (no data-modifying `WITH`),
    /// PostgreSQL both — the forms tests run each step through all of them.
    static func all(on engine: DatabaseEngine) -> [StepForm] {
        engine == .postgres ? [.statements, .oneStatement] : [.statements]
    }

    /// `body` once per form the engine has, each on a fresh database holding the ledger tests'
    /// customer (`LedgerStoreTests.setUp`), whose ID it is given: the forms tests' common start.
    static func eachOnACustomer(_ engine: DatabaseEngine,
                                _ body: (StepForm, any BankDatabase, Int64) async throws -> Void) async throws {
        for form in all(on: engine) {
            try await TestDatabases.withDatabase(engine) { database, _ in
                let (account, _) = try await database.transaction { db in try await LedgerStoreTests.setUp(db) }
                try await body(form, database, account.customerID!)
            }
        }
    }
}
