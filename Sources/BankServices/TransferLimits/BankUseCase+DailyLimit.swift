import BankCore
import BankStore
import Foundation
import SQLKit

/// The 振込限度額 inside a caller's transaction: for a transfer being checked, the customer's
/// screen, the counter's 顧客詳細, 補償判定資料, and a change (the customer's, the counter's, the
/// command line's, an approved request's).
extension BankUseCase {
    /// The limit in force at `instant`: the one rule (`LimitInForce.at`) over the customer's own
    /// limit, the bank's default and their raises. A transfer reads it in its locked
    /// transaction, so a raise falling due between two transfers is seen by the later one only.
    func limitInForce(_ db: any SQLDatabase, customerID: Int64, at instant: Date) async throws -> LimitInForce {
        try await limitInForce(db, customerID: customerID, own: try await CustomerRecords.dailyTransferLimit(db, customerID: customerID),
                               at: instant)
    }

    /// The same with the customer's own limit already read (実行 reads it as it locks the customer).
    func limitInForce(_ db: any SQLDatabase, customerID: Int64, own: Yen?, at instant: Date) async throws -> LimitInForce {
        limitInForce(own: own, raises: try await TransferLimitRaiseRecords.relevant(db, customerID: customerID), at: instant)
    }

    /// The same with the relevant raises already read (実行 reads none when it counted none).
    func limitInForce(own: Yen?, raises: [LimitRaise], at instant: Date) -> LimitInForce {
        LimitInForce.at(instant, own: own, bankDefault: settings.transfers.dailyLimit, raises: raises)
    }

    /// The customer's 振込限度額 per day in force at `instant`.
    func dailyLimit(_ db: any SQLDatabase, customerID: Int64, at instant: Date) async throws -> Yen {
        try await limitInForce(db, customerID: customerID, at: instant).limit
    }

    /// The customer's 振込限度額, what is left of it on the day of `now`, and a raise still waiting.
    func dailyLimitStatus(_ db: any SQLDatabase, customerID: Int64, at now: Date) async throws -> DailyLimitStatus {
        let own = try await CustomerRecords.dailyTransferLimit(db, customerID: customerID)
        let raises = try await TransferLimitRaiseRecords.relevant(db, customerID: customerID)
        let inForce = LimitInForce.at(now, own: own, bankDefault: settings.transfers.dailyLimit, raises: raises)
        let used = try await TransferRecords.amountOnDay(db, customerID: customerID, day: TransferLimit.day(of: now).description)
        return DailyLimitStatus(inForce: inForce, remainingToday: TransferLimit.remaining(limit: inForce.limit, usedToday: used),
                                pendingRaise: LimitInForce.pending(at: now, raises: raises))
    }

    /// Sets the 振込限度額 (nil: the bank's default) in the caller's transaction, audited as
    /// `transfer_limit_changed` (`note` adds e.g. the approved request). The limit set replaces
    /// every raise of the customer, due or waiting (`superseded=` names them). The caller holds
    /// the customer's row (`lockForChange`). Returns the new limit.
    func applyDailyLimit(_ db: any SQLDatabase, customer: CustomerRecord, _ limit: Yen?, actor: AuditActor, client: ClientInfo,
                         note: AuditDetail = .none, at now: Date) async throws -> Yen {
        let before = try await dailyLimit(db, customerID: customer.id, at: now)
        try await CustomerRecords.setDailyTransferLimit(db, customerID: customer.id, limit)
        let ended = try await TransferLimitRaiseRecords.end(db, customerID: customer.id, pendingOnly: false, reason: .superseded,
                                                            by: actor.storedText, at: now)
        let after = try await dailyLimit(db, customerID: customer.id, at: now)
        var detail: AuditDetail = [.field(.from, before.value),
                                   .field(.to, limit == nil ? "\(after.value) (default)" : "\(after.value)")]
        if !ended.isEmpty { detail.parts.append(.field(.superseded, ended.map { String($0.raise.id) }.joined(separator: ","))) }
        try await AuditRecords.write(db, .transferLimitChanged, .success, by: actor, customerID: customer.id,
            loginID: customer.loginID, client: client, detail: detail + note, at: now)
        return after
    }
}
