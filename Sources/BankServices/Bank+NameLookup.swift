import BankCore
import BankStore
import Foundation
import SQLKit

extension Bank {
    /// A typed account in this bank is answered with its holder's name (受取人名) from the
    /// ledger, which is what customers expect and what protects them from paying the wrong
    /// person. Every such lookup is audited, and a customer past the hourly allowance is
    /// refused, so a session cannot walk the account numbers to collect names.
    func recordNameLookup(_ db: any SQLDatabase, customerID: Int64, branchCode: String, accountNumber: String) async throws {
        let now = clock.now()
        let since = now.addingTimeInterval(-3600)
        let recent = try await db.raw("""
            SELECT COUNT(*) AS n FROM audit_events
            WHERE customer_id = \(bind: customerID) AND event = 'account_name_lookup' AND at >= \(bind: since.millis)
            """).first()!.decode(column: "n", as: Int.self)
        if recent >= settings.transfers.nameLookupsPerHour { throw BankError.tooManyNameLookups }
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "account_name_lookup", result: .info, actor: "customer", customerID: customerID,
            detail: "\(branchCode)-\(maskedAccountNumber(accountNumber))"))
    }
}
