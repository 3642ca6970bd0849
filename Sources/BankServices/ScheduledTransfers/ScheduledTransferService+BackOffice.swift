import BankCore
import BankStore
import Foundation
import SQLKit

/// 予約振込 in the back office: every role reads the bookings that wait (a `staff_view`, since
/// they name customers); 事務担当 and 役席 ask for a 取消, which takes effect when a different
/// 役席 approves it (`AccessRequestKind.scheduledTransferCancel`, carried out by
/// `cancelByBank`). The bank's cut-off is the run hour of the 振込指定日 (see
/// `ScheduleRules.bankCancelDeadline` for why); the customer is mailed and it is audited.
extension ScheduledTransferService {
    public static let backOfficeListLimit = 200

    /// 予約中 bookings by 振込指定日 range (`from`/`to` as typed, `YYYY-MM-DD`, empty for open)
    /// and one customer's ログインID (empty for all). A bad filter is a field error.
    public func backOfficeList(from rawFrom: String, to rawTo: String, loginID rawLoginID: String, by actor: BankActor,
                               client: ClientInfo? = nil) async throws -> ScheduledBookingList {
        try actor.requireStaff(StaffRole.readers)
        var errors: [FieldError] = []
        func day(_ raw: String, field: String) -> String? {
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            guard let day = JapanTime.Day(iso: text) else {
                errors.append(FieldError(field: field, messageKey: "error.date.invalid"))
                return nil
            }
            return day.iso
        }
        let from = day(rawFrom, field: "from"), to = day(rawTo, field: "to")
        if let from, let to, from > to { errors.append(FieldError(field: "to", messageKey: "error.schedule.range")) }
        let loginID = rawLoginID.trimmingCharacters(in: .whitespaces)
        guard errors.isEmpty else { throw BankError.invalidInput(errors) }
        let now = clock.now()
        return try await database.transaction { db in
            var filter = ScheduledBookingFilter(from: from, to: to)
            var customer: CustomerRecord?
            if !loginID.isEmpty {
                guard let found = try await CustomerRecords.find(db, loginID: CredentialPolicy.normalizeLoginID(loginID)) else {
                    throw BankError.invalidInput([FieldError(field: "login_id", messageKey: "error.schedule.customer_unknown")])
                }
                customer = found
                filter.customerID = found.id
            }
            let limit = Self.backOfficeListLimit
            let rows = try await TransferRecords.scheduledBookings(db, filter, limit: limit + 1)
            let pending = try await pendingCancelRequests(db)
            try await auditStaffView(db, actor, client: client, customerID: customer?.id, loginID: customer?.loginID,
                                     detail: [.code(.scheduledTransfers), .field(.from, from ?? "-"), .field(.to, to ?? "-"),
                                              .field(.rows, min(rows.count, limit))], at: now)
            return ScheduledBookingList(bookings: rows.prefix(limit).map { view($0, pending: pending, now: now) },
                                        truncated: rows.count > limit)
        }
    }

    /// One booking (in any status: the detail stays readable after it ran or was cancelled).
    public func backOfficeFind(id: Int64, by actor: BankActor, client: ClientInfo? = nil) async throws -> ScheduledBookingView {
        try actor.requireStaff(StaffRole.readers)
        let now = clock.now()
        return try await database.transaction { db in
            guard let row = try await TransferRecords.booking(db, id: id) else { throw BankError.transferNotFound }
            try await auditStaffView(db, actor, client: client, customerID: row.transfer.customerID, loginID: row.loginID,
                                     detail: [.field(.reception, row.transfer.receptionNumber)], at: now)
            return view(row, pending: try await pendingCancelRequests(db), now: now)
        }
    }

    /// 取消の申請 by a 事務担当 or 役席, with a reason: checked now (予約中, before the bank's
    /// cut-off) so that a request that could not be carried out is never queued; one pending
    /// request per booking. Refusals are audited as `access_requested` refused.
    public func requestCancel(id: Int64, reason rawReason: String, by actor: BankActor,
                              client: ClientInfo) async throws -> AccessRequestView {
        try await requireCounterWorker(actor, event: .accessRequested, customerID: nil, client: client)
        guard let reason = AccessRequestRules.normalizeNote(rawReason, required: true) else {
            throw BankError.invalidInput([FieldError(field: "reason", messageKey: "error.access_request.reason")])
        }
        let now = clock.now()
        do {
            return try await database.transaction { db in
                guard let row = try await TransferRecords.booking(db, id: id) else { throw BankError.transferNotFound }
                try checkBankCancel(row.transfer, at: now)
                let customer = try await customer(db, id: row.transfer.customerID)
                let new = NewAccessRequest(customerID: customer.id, kind: .scheduledTransferCancel,
                                           target: row.transfer.receptionNumber, reason: reason)
                return try await AccessRequestService(context: context).insertRequest(db, new, customer: customer, by: actor,
                                                                                      client: client, at: now)
            }
        } catch let BankError.scheduleRefused(refusal) {
            try await auditRefusedRequest(id: id, refusal: refusal, by: actor, client: client, at: now)
            throw BankError.scheduleRefused(refusal)
        }
    }

    /// The approved request carried out, in the approving transaction: 予約中 → 取消済 (only if
    /// still before the bank's cut-off), the customer's mail and the audit row under the approver.
    func cancelByBank(_ db: any SQLDatabase, receptionNumber: String, customer: CustomerRecord, actor: AuditActor,
                      client: ClientInfo, note: AuditDetail, at now: Date) async throws -> TransferRecord {
        guard let found = try await TransferRecords.findByReception(db, receptionNumber), found.customerID == customer.id else {
            throw BankError.transferNotFound
        }
        try checkBankCancel(found, at: now)
        guard try await TransferRecords.finishScheduled(db, id: found.id, to: .cancelled, ledgerTransactionID: nil, note: "by_bank",
                                                        executed: false, at: now),
              let row = try await TransferRecords.find(db, id: found.id) else { throw BankError.scheduleRefused(.notScheduled) }
        try await enqueueScheduledMail(db, .cancelledByBank, row, customer: customer, late: false, at: now)
        try await AuditRecords.write(db, .scheduledTransferCancelled, .success, by: actor, customerID: customer.id,
                                     loginID: customer.loginID, client: client,
                                     detail: [.code(.byBank), .field(.reception, row.receptionNumber),
                                              .field(.scheduled, row.scheduledFor ?? ""), .field(.amount, row.amount.value)] + note,
                                     at: now)
        return row
    }

    private func checkBankCancel(_ transfer: TransferRecord, at now: Date) throws {
        guard transfer.status == .scheduled, let day = transfer.scheduledFor.flatMap(JapanTime.Day.init(iso:)) else {
            throw BankError.scheduleRefused(.notScheduled)
        }
        guard ScheduleRules.bankCanCancel(scheduledFor: day, now: now, hour: settings.transfers.scheduleHour) else {
            throw BankError.scheduleRefused(.bankCancelDeadlinePassed)
        }
    }

    private func view(_ row: ScheduledBookingRecord, pending: [String: Int64], now: Date) -> ScheduledBookingView {
        let transfer = TransferView(row.transfer)
        let deadline = transfer.scheduledFor.map { ScheduleRules.bankCancelDeadline(for: $0, hour: settings.transfers.scheduleHour) }
        return ScheduledBookingView(
            transfer: transfer, loginID: row.loginID, nameKanji: row.nameKanji, nameKana: row.nameKana,
            bankCancelDeadline: deadline, bankCancellable: transfer.status == .scheduled && deadline.map { now < $0 } == true,
            pendingCancelRequest: pending[transfer.receptionNumber])
    }

    /// Pending 取消 requests by 受付番号.
    private func pendingCancelRequests(_ db: any SQLDatabase) async throws -> [String: Int64] {
        let requests = try await AccessRequestRecords.list(db, status: .pending, limit: 1000)
        return Dictionary(requests.filter { $0.kind == .scheduledTransferCancel }.map { ($0.target, $0.id) },
                          uniquingKeysWith: { first, _ in first })
    }

    private func auditRefusedRequest(id: Int64, refusal: ScheduleRefusal, by actor: BankActor, client: ClientInfo,
                                     at now: Date) async throws {
        try await database.transaction { db in
            let row = try await TransferRecords.booking(db, id: id)
            try await AuditRecords.write(db, .accessRequested, .refused, by: AuditActor(actor), customerID: row?.transfer.customerID,
                                         loginID: row?.loginID, client: client,
                                         detail: [.field(.kind, AccessRequestKind.scheduledTransferCancel.rawValue),
                                                  .field(.reception, row?.transfer.receptionNumber ?? String(id)),
                                                  .field(.refusal, refusal.messageKey)], at: now)
        }
    }
}
