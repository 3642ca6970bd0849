import BankCore
import Foundation
import SQLKit

extension TransferRecords {
    /// One customer's transfers made from `from` (inclusive) to `to` (exclusive), oldest
    /// first (what the compensation report walks through) or newest first (振込・振替履歴照会).
    public static func list(_ db: any SQLDatabase, customerID: Int64, from: Date, to: Date,
                            limit: Int = 10_000, newestFirst: Bool = false) async throws -> [TransferRecord] {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM transfers
            WHERE customer_id = \(bind: customerID) AND created_at >= \(bind: from.millis) AND created_at < \(bind: to.millis)
            ORDER BY id \(unsafeRaw: newestFirst ? "DESC" : "ASC") LIMIT \(bind: limit)
            """).all().map(decode)
    }
}
