import BankCore
import Foundation
import SQLKit

extension OutboxRecords {
    /// How many mails are in each status, for メール送信状況's filter (a status with none is absent).
    public static func countsByStatus(_ db: any SQLDatabase) async throws -> [OutboxStatus: Int] {
        var counts: [OutboxStatus: Int] = [:]
        for row in try await db.raw("SELECT status, COUNT(*) AS n FROM mail_outbox GROUP BY status").all() {
            guard let status = OutboxStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            counts[status] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}
