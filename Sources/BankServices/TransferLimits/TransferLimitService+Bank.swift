import BankCore
import BankStore
import Foundation
import SQLKit

/// The back office's side of the customers' raises: the list of those waiting, and 取消.
extension TransferLimitService {
    /// Every raise waiting now, soonest due first. Audited as a `staff_view`.
    public func pendingRaises(by actor: BankActor, client: ClientInfo? = nil) async throws -> [PendingLimitRaise] {
        try actor.requireStaff(StaffRole.readers)
        let now = clock.now()
        return try await database.transaction { db in
            let rows = try await TransferLimitRaiseRecords.pending(db, at: now)
            try await auditStaffView(db, actor, client: client, customerID: nil, loginID: nil,
                                     detail: [.code(.limitRaises), .field(.results, rows.count)], at: now)
            return rows.map { row in
                PendingLimitRaise(raise: row.record.raise, customerID: row.record.customerID, loginID: row.loginID,
                                  nameKanji: row.nameKanji, nameKana: row.nameKana, ip: row.record.ip)
            }
        }
    }

    /// 取消 of a customer's waiting raise by the bank (事務担当 or 役席), with the reason; the
    /// customer is mailed. Refused once the raise is due or ended.
    public func cancelRaise(raiseID: Int64, customerID: Int64, reason rawReason: String, by actor: BankActor,
                            client: ClientInfo) async throws -> LimitRaise {
        try await requireCounterWorker(actor, event: .transferLimitRaiseCancelled, customerID: customerID, client: client)
        guard let reason = AccessRequestRules.normalizeNote(rawReason, required: true) else {
            throw BankError.invalidInput([FieldError(field: "reason", messageKey: "error.access_request.reason")])
        }
        let now = clock.now()
        let raise = try await database.transaction { db in
            let customer = try await customer(db, id: customerID)
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            return try await cancel(db, raiseID: raiseID, customer: customer, byBank: true, actor: AuditActor(actor),
                                    client: client, note: [.field(.reason, reason)], at: now)
        }
        mailNotifier.notify()
        return raise
    }
}
