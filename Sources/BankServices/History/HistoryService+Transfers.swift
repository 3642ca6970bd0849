import BankCore
import BankStore
import Foundation

extension HistoryService {
    /// How many transfers one 振込・振替履歴照会 lists at most: a shorter period shows the rest.
    public static let transferLimit = 200

    /// 振込・振替履歴照会: every transfer the customer made in `period` (Japanese days, both
    /// ends included), newest first, at most `limit`. Each row is the one the result screen
    /// reads by its 受付番号.
    public func transfers(by actor: BankActor, period: StatementPeriod,
                          limit: Int = transferLimit) async throws -> TransferHistory {
        let customerID = try actor.requireCustomer()
        let rows = try await database.read { db in
            try await TransferRecords.list(db, customerID: customerID, from: period.from.start, to: period.to.nextDayStart,
                                           limit: limit + 1, newestFirst: true)
        }
        return TransferHistory(period: period, transfers: rows.prefix(limit).map(TransferView.init), truncated: rows.count > limit)
    }
}
