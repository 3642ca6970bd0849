import Foundation
import SQLKit

extension AuditRecords {
    /// How many accounts of this bank the customer looked up by number since `since`: the
    /// audit rows are the count, so the allowance needs no table of its own.
    public static func nameLookupCount(_ db: any SQLDatabase, customerID: Int64, since: Date) async throws -> Int {
        try await db.raw("""
            SELECT COUNT(*) AS n FROM audit_events
            WHERE customer_id = \(bind: customerID) AND event = 'account_name_lookup' AND at >= \(bind: since.millis)
            """).first()!.decode(column: "n", as: Int.self)
    }
}
