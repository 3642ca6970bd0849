import BankCore
import Foundation
import SQLKit

extension LedgerRecords {
    /// The ledger transaction posted under `idempotencyKey` (its id and kind), if any: how a
    /// second submission of a counter form finds the first one's posting.
    public static func transaction(_ db: any SQLDatabase, idempotencyKey: String) async throws -> (id: Int64, kind: String)? {
        guard let row = try await db.raw("""
            SELECT id, kind FROM ledger_transactions WHERE idempotency_key = \(bind: idempotencyKey)
            """).first() else { return nil }
        return (try row.decode(column: "id", as: Int64.self), try row.decode(column: "kind", as: String.self))
    }
}
