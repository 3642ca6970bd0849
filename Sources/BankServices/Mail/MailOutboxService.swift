import BankCore
import BankMail
import BankStore
import Foundation
import SQLKit

/// The outbox as the bank runs it: what is queued and how delivery goes (メール送信状況,
/// `kyoei admin mail`), putting failed mail back in the queue, and test mails.
public struct MailOutboxService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

extension MailOutboxService {
    /// `kyoei admin mail list`: the outbox newest first (the command line reads the whole row).
    public func list(status: OutboxStatus?, limit: Int) async throws -> [OutboxMail] {
        try await database.read { db in try await OutboxRecords.list(db, status: status, limit: limit) }
    }

    /// メール送信状況, newest first. Recipients are customers' addresses: the read is audited.
    public func overview(status: OutboxStatus?, limit: Int = BackOfficeScreen.rows, by actor: BankActor,
                         client: ClientInfo? = nil) async throws -> OutboxOverview {
        try actor.requireStaff(StaffRole.readers)
        let limit = min(max(limit, 1), 1_000)
        let now = clock.now()
        return try await database.transaction { db in
            let mails = try await OutboxRecords.list(db, status: status, limit: limit + 1)
            let counts = try await OutboxRecords.countsByStatus(db)
            try await auditStaffView(db, actor, client: client, customerID: nil, loginID: nil,
                                     detail: [.code(.mailOutbox), .field(.status, status?.rawValue ?? "all"), .field(.rows, min(mails.count, limit))],
                                     at: now)
            return OutboxOverview(entries: mails.prefix(limit).map(OutboxEntry.init), counts: counts,
                                  truncated: mails.count > limit)
        }
    }

    /// Queues a test mail (kyoei admin mail test): how the bank checks its mail settings.
    public func enqueueTest(to rawAddress: String, by actor: BankActor) async throws -> OutboxMail {
        try actor.requireOperator()
        let address: MailAddress
        do { address = try MailAddress(validating: rawAddress) } catch {
            throw BankError.invalidInput([FieldError(field: "to", messageKey: error.messageKey)])
        }
        let now = clock.now()
        let mail = composeMail(kind: "test", customerID: nil, to: [address.value],
                               template: MailTemplates.compose { MailTemplates.test(bankName: settings.bankName, at: now, language: $0) })
        let stored = try await database.transaction { db in
            let id = try await OutboxRecords.enqueue(db, mail, at: now)
            try await AuditRecords.write(db, .mailTestQueued, .success, by: AuditActor(actor), client: .commandLine,
                detail: [.field(.messageID, mail.messageID)], at: now)
            return try await OutboxRecords.find(db, id: id)!
        }
        mailNotifier.notify()
        return stored
    }
}
