import BankCore
import BankStore
import Foundation
import SQLKit

/// 再送: failed mail back in the queue for an immediate attempt, from メール送信状況 and from
/// `kyoei admin mail retry`. 事務担当, 役席 and the command line may; a refusal (wrong role,
/// unknown mail, one not failed or whose secret message is gone) is audited with who tried.
extension MailOutboxService {
    /// One failed mail, only while it still has its message. The command line is answered
    /// `BankError.mailNotRetryable` for every refusal, the one code its scripts have always read.
    public func retry(id: Int64, by actor: BankActor, client: ClientInfo = .commandLine) async throws -> OutboxEntry {
        do {
            return try await retryChecked(id: id, by: actor, client: client)
        } catch {
            guard let refusal = Self.refusalName(error) else { throw error }
            let mail = try await database.read { db in try await OutboxRecords.find(db, id: id) }
            try await auditRefusal(.mailRetry, by: actor, client: client, customerID: mail?.customerID,
                                   detail: [.field(.id, id)] + refusal)
            if case .operator = actor, error is MailRetryRefusal { throw BankError.mailNotRetryable }
            throw error
        }
    }

    private func retryChecked(id: Int64, by actor: BankActor, client: ClientInfo) async throws -> OutboxEntry {
        try actor.requireStaff(StaffRole.counterWorkers)
        guard let found = try await database.read({ db in try await OutboxRecords.find(db, id: id) }) else {
            throw MailRetryRefusal.notFound
        }
        let entry = OutboxEntry(found)
        guard entry.status == .failed else { throw MailRetryRefusal.notFailed(entry.status) }
        guard !entry.isErased else { throw MailRetryRefusal.secretErased }
        let now = clock.now()
        let mail = try await database.transaction { db -> OutboxMail? in
            guard try await OutboxRecords.retry(db, id: id, now: now), let mail = try await OutboxRecords.find(db, id: id) else {
                return nil
            }
            try await AuditRecords.write(db, .mailRetry, .success, by: AuditActor(actor), customerID: mail.customerID,
                client: client, detail: [.field(.messageID, mail.messageID)], at: now)
            return mail
        }
        guard let mail else {
            // Another clerk (or the worker) moved it on between the look and the change.
            let current = try await database.read { db in try await OutboxRecords.find(db, id: id) }
            throw MailRetryRefusal.notFailed(current?.status ?? .failed)
        }
        mailNotifier.notify()
        return OutboxEntry(mail)
    }

    /// 失敗分をすべて再送 (after a relay outage or a configuration fix): every failed mail that
    /// can still be sent; those whose secret message is gone are left, and counted.
    public func retryAllFailed(by actor: BankActor, client: ClientInfo = .commandLine) async throws -> MailRetryAllResult {
        do {
            try actor.requireStaff(StaffRole.counterWorkers)
        } catch {
            try await auditRefusal(.mailRetry, by: actor, client: client, customerID: nil,
                                   detail: [.code(.allFailed)] + (Self.refusalName(error) ?? [.code(.refused)]))
            throw error
        }
        let now = clock.now()
        let (queued, left) = try await database.transaction { db in
            let ids = try await OutboxRecords.retryAllFailed(db, now: now)
            try await AuditRecords.write(db, .mailRetry, .success, by: AuditActor(actor), client: client,
                detail: [.code(.allFailed), .field(.count, ids.count)], at: now)
            return (ids, try await OutboxRecords.countsByStatus(db)[.failed] ?? 0)
        }
        mailNotifier.notify()
        return MailRetryAllResult(queued: queued, erasedLeft: left)
    }
}
