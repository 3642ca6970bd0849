import BankCore
import BankMail
import BankStore
import Foundation
import SQLKit

extension Bank {
    /// Composes a mail for the outbox. Call inside the transaction of the change it reports;
    /// call `mailNotifier.notify()` after the commit.
    func composeMail(kind: String, customerID: Int64?, to recipients: [String], template: MailTemplate,
                     urgent: Bool = false, containsSecret: Bool = false, expiresAt: Date? = nil) -> NewOutboxMail {
        let now = clock.now()
        let messageID = "<\(Hex.encode(random.bytes(16)))@\(settings.mailFrom.domain)>"
        let data = MailComposer.compose(fromName: settings.mailFrom.displayName, fromAddress: settings.mailFrom.address,
                                        to: recipients, subject: template.subject, body: template.body, date: now,
                                        messageID: messageID)
        return NewOutboxMail(messageID: messageID, kind: kind, customerID: customerID, fromAddress: settings.mailFrom.address,
                             recipients: recipients, data: String(decoding: data, as: UTF8.self), urgent: urgent,
                             containsSecret: containsSecret, expiresAt: expiresAt)
    }

    /// Queues a test mail (kyoei admin mail test): how the bank checks its mail settings.
    public func enqueueTestMail(to rawAddress: String, staff: String) async throws -> OutboxMail {
        let address: MailAddress
        do { address = try MailAddress(validating: rawAddress) } catch {
            throw BankError.invalidInput([FieldError(field: "to", messageKey: error.messageKey)])
        }
        let now = clock.now()
        let mail = composeMail(kind: "test", customerID: nil, to: [address.value],
                               template: MailTemplates.compose { MailTemplates.test(bankName: settings.bankName, at: now, language: $0) })
        let stored = try await database.transaction { db in
            let id = try await OutboxRecords.enqueue(db, mail, at: now)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "mail_test_queued", result: .success, actor: "staff:\(staff)", userAgent: "kyoei-cli",
                detail: "message_id=\(mail.messageID)"))
            return try await OutboxRecords.find(db, id: id)!
        }
        mailNotifier.notify()
        return stored
    }

    public func outbox(status: OutboxStatus?, limit: Int) async throws -> [OutboxMail] {
        try await database.read { db in try await OutboxRecords.list(db, status: status, limit: limit) }
    }

    /// Puts a failed mail back in the queue for an immediate attempt (kyoei admin mail retry,
    /// and the back office's メール送信状況 with the staff member's own client).
    public func retryMail(id: Int64, staff: String, client: ClientInfo = .commandLine) async throws -> OutboxMail {
        let now = clock.now()
        let mail = try await database.transaction { db in
            guard try await OutboxRecords.retry(db, id: id, now: now), let mail = try await OutboxRecords.find(db, id: id) else {
                throw BankError.mailNotRetryable
            }
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "mail_retry", result: .success, actor: "staff:\(staff)", customerID: mail.customerID,
                ip: client.ip, userAgent: client.userAgent, detail: "message_id=\(mail.messageID)"))
            return mail
        }
        mailNotifier.notify()
        return mail
    }

    /// Queues every failed mail that can still be sent (kyoei admin mail retry --all-failed).
    public func retryAllFailedMail(staff: String, client: ClientInfo = .commandLine) async throws -> [Int64] {
        let now = clock.now()
        let ids = try await database.transaction { db in
            let ids = try await OutboxRecords.retryAllFailed(db, now: now)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "mail_retry", result: .success, actor: "staff:\(staff)", ip: client.ip,
                userAgent: client.userAgent, detail: "all_failed count=\(ids.count)"))
            return ids
        }
        mailNotifier.notify()
        return ids
    }
}
