import BankCore
import Foundation
import SQLKit

extension TransferRecords {
    /// How many transfers to other banks are in each status (受付済 / 送信済 / 返却), for the
    /// 他行振込 queue's filter (a status with none is absent).
    public static func interbankCounts(_ db: any SQLDatabase) async throws -> [TransferStatus: Int] {
        var counts: [TransferStatus: Int] = [:]
        for row in try await db.raw("""
            SELECT status, COUNT(*) AS n FROM transfers WHERE route = \(bind: TransferRoute.otherBank.rawValue) GROUP BY status
            """).all() {
            guard let status = TransferStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            counts[status] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}
