@testable import BankStore
import BankTestSupport

extension StepForm {
    /// Every form a step has on an engine: SQLite the statements (no data-modifying `WITH`),
    /// PostgreSQL both — the forms tests run each step through all of them.
    static func all(on engine: DatabaseEngine) -> [StepForm] {
        engine == .postgres ? [.statements, .oneStatement] : [.statements]
    }
}
