import BankCore
import BankStore
import Foundation
import SQLKit

/// The approving side of maker-checker: what each kind of request does when a 役席 approves
/// it, in the approving transaction, audited under the approver with the request's number
/// and who asked.
extension Bank {
    /// Carries out an approved request; returns the outcome for the request row.
    func carryOut(_ db: any SQLDatabase, _ request: AccessRequestRecord, approver: StaffRecord, client: ClientInfo,
                  at now: Date) async throws -> String {
        guard let customer = try await CustomerRecords.find(db, id: request.customerID) else { throw BankError.customerNotFound }
        let note = " request=\(request.id) requested_by=\(request.requestedByStaffID)"
        switch request.kind {
        case .unlock:
            guard let credential = request.credential else { throw BankError.accessRequest(.notFound) }
            let cleared = try await clearCredentials(db, customer: customer, [credential], actor: approver.actor,
                                                     client: client, note: note, at: now)
            return cleared.isEmpty ? "nothing_locked" : "cleared=\(FactorRecord.encode(cleared))"
        case .otpReset:
            let token = try await endTokenForLostPhone(db, customer: customer, reason: request.reason, actor: approver.actor,
                                                       client: client, note: note, at: now)
            return "token_ended=\(token.userID)"
        case .mailPasswordOff:
            let address = try await stopMailPasswordByBank(db, customer: customer, actor: approver.actor, client: client,
                                                           note: note, at: now)
            return "mail_password_off address=\(address)"
        case .mailAddress:
            guard let kind = MailAddressKind(rawValue: request.target) else { throw BankError.accessRequest(.notFound) }
            let change = try await applyMailAddressChange(db, customer, kind: kind, to: request.newValue, actor: approver.actor,
                                                          client: client, note: note, at: now)
            return "address_changed kind=\(kind.rawValue) mail_password_moved=\(change.mailPasswordMoved)"
        case .transferLimit:
            let limit = try await applyDailyLimit(db, customer: customer, request.amount, actor: approver.actor,
                                                  client: client, note: note, at: now)
            return "limit=\(limit.value)"
        }
    }

    /// Stops the customer's メール通知パスワード at the bank's hand (the customer cannot reach
    /// that mailbox any more): the setting ends, any mailed password is void, its counter is
    /// cleared, and the address that was receiving the passwords is told. Returns it.
    func stopMailPasswordByBank(_ db: any SQLDatabase, customer: CustomerRecord, actor: String, client: ClientInfo,
                                note: String, at now: Date) async throws -> String {
        try await CustomerRecords.lockForChange(db, customerID: customer.id)
        guard let previous = try await MailPasswordSettingRecords.find(db, customerID: customer.id),
              try await MailPasswordSettingRecords.disable(db, customerID: customer.id)
        else { throw BankError.factor(.mailPasswordOff) }
        try await MailPasswordRecords.discard(db, customerID: customer.id)
        try await CredentialRecords.reset(db, customerID: customer.id, credential: .mailPassword)
        let template = MailTemplates.compose { language in
            MailTemplates.mailPasswordSetting(on: false, bankName: settings.bankName, address: previous.address,
                                              at: now, language: language)
        }
        let mail = composeMail(kind: "mail_password_off", customerID: customer.id, to: [previous.address],
                               template: template, urgent: true)
        try await OutboxRecords.enqueue(db, mail, at: now)
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "mail_password_disabled", result: .success, actor: actor, customerID: customer.id,
            loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
            detail: "address=\(previous.address) message_id=\(mail.messageID)\(note)"))
        return previous.address
    }
}
