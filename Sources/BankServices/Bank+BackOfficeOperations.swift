import BankCore
import BankStore
import Foundation
import SQLKit

/// A transfer to another bank in the 他行振込 queue, with whom it is from and where it goes.
public struct InterbankEntry: Sendable, Equatable {
    public var transfer: TransferRecord
    public var loginID: String
    public var customerName: String
    public var bankName: String
    public var branchName: String
}

/// 他行振込: the transfers of one status (or all), newest first, and how many are in each.
public struct InterbankQueue: Sendable, Equatable {
    public var entries: [InterbankEntry]
    public var counts: [TransferStatus: Int]
    public var truncated: Bool
}

/// The back office's operations screens (メール送信状況, 他行振込): every role reads, only
/// 事務担当 and 役席 change anything. The role is checked here, so it holds for every caller;
/// a refused change is itself audited, with who tried it and from where.
extension Bank {
    /// The most rows one screen lists.
    public static let operationsScreenRows = 100

    /// メール送信状況, newest first. Recipients are customers' addresses: the read is audited.
    public func mailOutbox(status: OutboxStatus?, limit: Int = operationsScreenRows, by staff: StaffRecord,
                           client: ClientInfo? = nil) async throws -> OutboxOverview {
        try requireRole(staff, allowed: StaffRole.readers)
        let limit = min(max(limit, 1), 1_000)
        let now = clock.now()
        return try await database.transaction { db in
            let mails = try await OutboxRecords.list(db, status: status, limit: limit + 1)
            let counts = try await OutboxRecords.countsByStatus(db)
            try await auditStaffView(db, staff, client: client, customerID: nil, loginID: nil,
                                     detail: "mail_outbox status=\(status?.rawValue ?? "all") rows=\(min(mails.count, limit))",
                                     at: now)
            return OutboxOverview(entries: mails.prefix(limit).map(OutboxEntry.init), counts: counts,
                                  truncated: mails.count > limit)
        }
    }

    /// 再送: one failed mail back in the queue for an immediate attempt.
    public func retryMail(id: Int64, by staff: StaffRecord, client: ClientInfo) async throws -> OutboxEntry {
        do {
            try requireRole(staff, allowed: StaffRole.counterWorkers)
            guard let mail = try await database.read({ db in try await OutboxRecords.find(db, id: id) }) else {
                throw MailRetryRefusal.notFound
            }
            let entry = OutboxEntry(mail)
            guard entry.status == .failed else { throw MailRetryRefusal.notFailed(entry.status) }
            guard !entry.isErased else { throw MailRetryRefusal.secretErased }
            do {
                return OutboxEntry(try await retryMail(id: id, staff: staff.staffID, client: client))
            } catch BankError.mailNotRetryable {
                // Another clerk (or the worker) moved it on between the look and the change.
                let now = try await database.read { db in try await OutboxRecords.find(db, id: id) }
                throw MailRetryRefusal.notFailed(now?.status ?? .failed)
            }
        } catch {
            guard let refusal = Self.refusalName(error) else { throw error }
            let mail = try await database.read { db in try await OutboxRecords.find(db, id: id) }
            try await auditRefusal("mail_retry", staff: staff, client: client, customerID: mail?.customerID,
                                   detail: "id=\(id) \(refusal)")
            throw error
        }
    }

    /// 失敗分をすべて再送 (after a relay outage or a configuration fix).
    public func retryAllFailedMail(by staff: StaffRecord, client: ClientInfo) async throws -> MailRetryAllResult {
        do {
            try requireRole(staff, allowed: StaffRole.counterWorkers)
        } catch {
            try await auditRefusal("mail_retry", staff: staff, client: client, customerID: nil,
                                   detail: "all_failed \(Self.refusalName(error) ?? "refused")")
            throw error
        }
        let queued = try await retryAllFailedMail(staff: staff.staffID, client: client)
        let left = try await database.read { db in try await OutboxRecords.countsByStatus(db)[.failed] ?? 0 }
        return MailRetryAllResult(queued: queued, erasedLeft: left)
    }

    /// 他行振込 of one status (nil: every status), newest first. Audited: it names customers.
    public func interbankQueue(status: TransferStatus?, limit: Int = operationsScreenRows, by staff: StaffRecord,
                               client: ClientInfo? = nil) async throws -> InterbankQueue {
        try requireRole(staff, allowed: StaffRole.readers)
        let limit = min(max(limit, 1), 1_000)
        let now = clock.now()
        return try await database.transaction { db in
            let transfers = try await TransferRecords.list(db, status: status, route: .otherBank, limit: limit + 1)
            var customers: [Int64: CustomerRecord] = [:]
            var names: [String: BankBranchName] = [:]
            var entries: [InterbankEntry] = []
            for transfer in transfers.prefix(limit) {
                if customers[transfer.customerID] == nil {
                    customers[transfer.customerID] = try await CustomerRecords.find(db, id: transfer.customerID)
                }
                let key = transfer.bankCode + "-" + transfer.branchCode
                if names[key] == nil {
                    names[key] = try await BankDirectoryRecords.find(db, bankCode: transfer.bankCode, branchCode: transfer.branchCode)
                }
                let customer = customers[transfer.customerID]
                entries.append(InterbankEntry(transfer: transfer, loginID: customer?.loginID ?? "",
                                              customerName: customer?.nameKanji ?? "",
                                              bankName: names[key]?.bankName ?? transfer.bankCode,
                                              branchName: names[key]?.branchName ?? transfer.branchCode))
            }
            let counts = try await TransferRecords.interbankCounts(db)
            try await auditStaffView(db, staff, client: client, customerID: nil, loginID: nil,
                                     detail: "interbank_queue status=\(status?.rawValue ?? "all") rows=\(entries.count)", at: now)
            return InterbankQueue(entries: entries, counts: counts, truncated: transfers.count > limit)
        }
    }

    /// 送信済にする: 受付済 → sent, once.
    public func markInterbankSent(id: Int64, by staff: StaffRecord, client: ClientInfo) async throws -> TransferRecord {
        try await interbankChange("interbank_sent", id: id, staff: staff, client: client) {
            try await markInterbankSent(id: id, staff: staff.staffID, client: client)
        }
    }

    /// 返却: the amount back to the customer, once. A second return (a double submission, or
    /// another clerk) finds the transfer returned and is refused: the status moves only from
    /// 受付済/送信済, in the same transaction as the posting, and the posting's idempotency key
    /// (`return:<transfer nonce>`) is unique, so the money can come back only once.
    public func returnInterbank(id: Int64, reason: String, by staff: StaffRecord,
                                client: ClientInfo) async throws -> TransferRecord {
        try await interbankChange("interbank_returned", id: id, staff: staff, client: client) {
            try await returnInterbank(id: id, reason: reason, staff: staff.staffID, client: client)
        }
    }

    private func interbankChange(_ event: String, id: Int64, staff: StaffRecord, client: ClientInfo,
                                 _ change: () async throws -> TransferRecord) async throws -> TransferRecord {
        do {
            try requireRole(staff, allowed: StaffRole.counterWorkers)
            return try await change()
        } catch {
            guard let refusal = Self.refusalName(error) else { throw error }
            let transfer = try await database.read { db in try await TransferRecords.find(db, id: id) }
            let reception = transfer.map { " reception=\($0.receptionNumber)" } ?? ""
            try await auditRefusal(event, staff: staff, client: client, customerID: transfer?.customerID,
                                   detail: "id=\(id)\(reception) \(refusal)")
            throw error
        }
    }

    /// The refusals worth a row in the audit trail (wrong role, unknown id, wrong status); nil
    /// for a mistyped field, which the form shows and nothing more.
    static func refusalName(_ error: any Error) -> String? {
        switch error {
        case BankError.staff(.forbidden): "refused=forbidden"
        case BankError.transferNotFound, MailRetryRefusal.notFound: "refused=not_found"
        case BankError.transferStatus(let status): "refused=status status=\(status)"
        case MailRetryRefusal.notFailed(let status): "refused=status status=\(status.rawValue)"
        case MailRetryRefusal.secretErased: "refused=secret_erased"
        default: nil
        }
    }

    func auditRefusal(_ event: String, staff: StaffRecord, client: ClientInfo, customerID: Int64?, detail: String) async throws {
        let now = clock.now()
        try await database.transaction { db in
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: event, result: .refused, actor: staff.actor, customerID: customerID, ip: client.ip,
                userAgent: client.userAgent, detail: "\(detail) role=\(staff.role.rawValue)"))
        }
    }
}
