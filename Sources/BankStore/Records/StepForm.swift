import SQLKit

/// The two forms of a use case's step that writes several tables in one transaction (issue 20):
/// statement by statement — SQLite's, where a statement costs no round trip — and, on
/// PostgreSQL, one statement whose parts are the same statements as data-modifying `WITH`
/// clauses, each written once in its own record type and interpolated into both forms. Each
/// such step has a test that runs every form an engine has and expects the same answers and rows
/// (TransferExecutionFormsTests, LoginStepFormsTests, LoginNoticeFormsTests).
public enum StepForm: Sendable, CaseIterable {
    case statements
    /// PostgreSQL only: SQLite has no data-modifying `WITH`.
    case oneStatement

    static func fastest(for db: any SQLDatabase) -> StepForm { db.dialect.name == "postgresql" ? .oneStatement : .statements }
}

extension SQLQueryString {
    /// An insert's row: `VALUES (…)`, or — as a part of a step's one statement, written only
    /// when another part's rows allow it — `SELECT … WHERE condition` (PostgreSQL types its
    /// parameters from the columns as it does `VALUES`').
    static func insertedRow(_ values: SQLQueryString, when condition: SQLQueryString?) -> SQLQueryString {
        if let condition { "SELECT \(values) WHERE \(condition)" } else { "VALUES (\(values))" }
    }
}
