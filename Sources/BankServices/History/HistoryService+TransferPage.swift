import BankCore
import BankStore
import Foundation

extension HistoryService {
    /// 振込・振替履歴照会 a page at a time (the JSON API): the same transfers in the same order
    /// as `transfers`, optionally of one status, with how many there are in all.
    public func transferPage(by actor: BankActor, period: StatementPeriod, status: TransferStatus? = nil,
                             page: Int, perPage: Int) async throws -> TransferHistoryPage {
        let customerID = try actor.requireCustomer()
        let (from, to) = (period.from.start, period.to.nextDayStart)
        let (rows, total) = try await database.read { db in
            (try await TransferRecords.list(db, customerID: customerID, from: from, to: to, limit: perPage, newestFirst: true,
                                            status: status, offset: (max(page, 1) - 1) * perPage),
             try await TransferRecords.count(db, customerID: customerID, from: from, to: to, status: status))
        }
        return TransferHistoryPage(period: period, transfers: rows.map(TransferView.init), total: total)
    }
}

/// One page of 振込・振替履歴照会 and how many transfers the period holds.
public struct TransferHistoryPage: Sendable, Equatable {
    public var period: StatementPeriod
    public var transfers: [TransferView]
    public var total: Int
}
