import BankCore
import Foundation
import SQLKit

extension SessionStore where Session == SessionRecord {
    /// A login's last step, once its factor was found right: the waiting session replaced by
    /// the signed-in one (as `replace`: false, and nothing written, when another request
    /// replaced it first), the customer's login time (as `CustomerRecords.recordLogin`) and the
    /// login's audit row (built by `AuditRecords.row`). On PostgreSQL one statement (issue 20);
    /// LoginStepFormsTests holds the two `StepForm`s equal.
    public static func replaceOnLogin(_ db: any SQLDatabase, tokenHash: String, with replacement: SessionRecord,
                                      audit: AuditRow, at now: Date) async throws -> Bool {
        try await replaceOnLogin(db, tokenHash: tokenHash, with: replacement, audit: audit, at: now, form: StepForm.fastest(for: db))
    }

    static func replaceOnLogin(_ db: any SQLDatabase, tokenHash: String, with replacement: SessionRecord, audit: AuditRow,
                               at now: Date, form: StepForm) async throws -> Bool {
        switch form {
        case .statements:
            guard try await replace(db, tokenHash: tokenHash, with: replacement) else { return false }
            try await CustomerRecords.recordLogin(db, customerID: replacement.customerID, at: now)
            try await AuditRecords.append(db, audit.event)
            return true
        case .oneStatement:
            let replaced = "EXISTS (SELECT 1 FROM replaced)"
            let row = try await db.raw("""
                WITH replaced AS (\(replaceStatement(tokenHash: tokenHash, with: replacement))),
                login AS (\(CustomerRecords.recordLoginStatement(customerID: replacement.customerID, at: now, and: replaced))),
                audit AS (\(AuditRecords.appendStatement(audit.event, when: replaced)))
                SELECT COUNT(*) AS n FROM replaced
                """).first()!
            return try row.decode(column: "n", as: Int64.self) == 1
        }
    }
}
