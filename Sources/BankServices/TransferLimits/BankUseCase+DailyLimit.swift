import BankCore
import BankStore
import Foundation
import SQLKit

/// The 振込限度額 inside a caller's transaction: for a transfer being checked, the counter's
/// 顧客詳細, and a change (the counter's, the command line's, an approved request's).
extension BankUseCase {
    /// The customer's 振込限度額 per day: their own, or the bank's default.
    func dailyLimit(_ db: any SQLDatabase, customerID: Int64) async throws -> Yen {
        try await CustomerRecords.dailyTransferLimit(db, customerID: customerID) ?? settings.transfers.dailyLimit
    }

    /// The customer's 振込限度額 and what is left of it on the day of `now`.
    func dailyLimitStatus(_ db: any SQLDatabase, customerID: Int64, at now: Date) async throws -> DailyLimitStatus {
        let own = try await CustomerRecords.dailyTransferLimit(db, customerID: customerID)
        let limit = own ?? settings.transfers.dailyLimit
        let used = try await TransferRecords.amountOnDay(db, customerID: customerID, day: TransferLimit.day(of: now).description)
        return DailyLimitStatus(limit: limit, remainingToday: TransferLimit.remaining(limit: limit, usedToday: used),
                                isDefault: own == nil)
    }

    /// Sets the 振込限度額 (nil: the bank's default) in the caller's transaction, audited as
    /// `transfer_limit_changed` (`note` adds e.g. the approved request). Returns the new limit.
    func applyDailyLimit(_ db: any SQLDatabase, customer: CustomerRecord, _ limit: Yen?, actor: AuditActor, client: ClientInfo,
                         note: AuditDetail = .none, at now: Date) async throws -> Yen {
        let before = try await dailyLimit(db, customerID: customer.id)
        try await CustomerRecords.setDailyTransferLimit(db, customerID: customer.id, limit)
        let after = try await dailyLimit(db, customerID: customer.id)
        try await AuditRecords.write(db, .transferLimitChanged, .success, by: actor, customerID: customer.id,
            loginID: customer.loginID, client: client,
            detail: [.field(.from, before.value), .field(.to, limit == nil ? "\(after.value) (default)" : "\(after.value)")] + note,
            at: now)
        return after
    }
}
