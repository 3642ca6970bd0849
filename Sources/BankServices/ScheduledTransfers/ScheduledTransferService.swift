import BankCore
import BankStore
import Foundation
import SQLKit

/// 予約振込 after booking: the bookings that wait, 取消 by the customer (until 23:59 JST of
/// the day before, with the 確認用パスワード) or by the bank, and the scheduler's run
/// (`ScheduledTransferService+Run`). Booking itself is 実行 on the 確認画面 (`TransferService.book`).
public struct ScheduledTransferService: BankUseCase {
    public let context: BankContext

    /// The customer's bookings still waiting, nearest 振込指定日 first.
    public func waiting(by actor: BankActor) async throws -> [TransferView] {
        let customerID = try actor.requireCustomer()
        return try await database.read { db in
            try await TransferRecords.scheduled(db, customerID: customerID).map(TransferView.init)
        }
    }

    /// `kyoei admin schedule list` and the back office: every booking still waiting.
    public func allWaiting(limit: Int = 500) async throws -> [TransferView] {
        try await database.read { db in try await TransferRecords.scheduled(db, limit: limit).map(TransferView.init) }
    }

    /// Whether the customer may still cancel this booking now (the screens offer 取消 only then).
    public func cancellable(_ transfer: TransferView) -> Bool {
        guard transfer.status == .scheduled, let day = transfer.scheduledFor else { return false }
        return ScheduleRules.canCancel(scheduledFor: day, now: clock.now())
    }

    /// 予約取消 by the customer: the 確認用パスワード (a wrong one counts toward its lock), then,
    /// before the deadline and only from 予約中, 取消済 with its mail and audit row. Nothing is
    /// written on a refusal but the password's attempt and the refusal's audit row.
    public func cancel(by actor: BankActor, receptionNumber: String, confirmationPassword: String,
                       client: ClientInfo) async throws -> TransferView {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        let (found, customer, state) = try await database.read { db in
            (try await TransferRecords.findByReception(db, receptionNumber),
             try await CustomerRecords.find(db, id: customerID),
             try await extraFactorState(db, customerID: customerID, at: now).0)
        }
        guard let customer, let found, found.customerID == customerID else { throw BankError.transferNotFound }
        guard found.status == .scheduled, let day = found.scheduledFor.flatMap(JapanTime.Day.init(iso:)) else {
            throw BankError.scheduleRefused(.notScheduled)
        }
        guard !confirmationPassword.isEmpty else { throw BankError.invalidInput([.confirmationPasswordRequired]) }
        var factors = FactorRecord(inForce: state.factorsInForce, presented: [])
        factors.presented.append(.confirmationPassword)
        guard ScheduleRules.canCancel(scheduledFor: day, now: now) else {
            try await auditRefusal(customer, found, reason: ScheduleRefusal.cancelDeadlinePassed.messageKey, client: client, at: now)
            throw BankError.scheduleRefused(.cancelDeadlinePassed)
        }
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: .scheduleCancel,
                                            client: client, factors: factors)
        let cancelled = try await database.transaction { db -> TransferRecord in
            guard try await TransferRecords.finishScheduled(db, id: found.id, to: .cancelled, ledgerTransactionID: nil,
                                                            note: "by_customer", executed: false, at: now),
                  let row = try await TransferRecords.find(db, id: found.id) else {
                throw BankError.scheduleRefused(.notScheduled)
            }
            try await enqueueScheduledMail(db, .cancelled, row, customer: customer, late: false, at: now)
            try await AuditRecords.write(db, .scheduledTransferCancelled, .success, by: .customer, customerID: customer.id,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: [.code(.byCustomer), .field(.reception, row.receptionNumber),
                                                  .field(.scheduled, day.iso), .field(.amount, row.amount.value)],
                                         at: now)
            return row
        }
        mailNotifier.notify()
        return TransferView(cancelled)
    }

    private func auditRefusal(_ customer: CustomerRecord, _ transfer: TransferRecord, reason: String, client: ClientInfo,
                              at now: Date) async throws {
        try await database.transaction { db in
            try await AuditRecords.write(db, .scheduledTransferCancelled, .refused, by: .customer, customerID: customer.id,
                                         loginID: customer.loginID, client: client,
                                         detail: [.field(.reception, transfer.receptionNumber), .field(.refusal, reason)], at: now)
        }
    }
}
