import BankCore
import BankStore
import Foundation
import SQLKit

/// The approving side of maker-checker: what each kind of request does when a 役席 approves
/// it, in the approving transaction, audited under the approver with the request's number
/// and who asked.
extension AccessRequestService {
    /// Carries out an approved request; returns the outcome for the request row (read like an audit detail).
    func carryOut(_ db: any SQLDatabase, _ request: AccessRequestRecord, approver: StaffIdentity, client: ClientInfo,
                  at now: Date) async throws -> AuditDetail {
        let customer = try await customer(db, id: request.customerID)
        let note: AuditDetail = [.field(.request, request.id), .field(.requestedBy, request.requestedByStaffID)]
        switch request.kind {
        case .unlock:
            guard let credential = request.credential else { throw BankError.accessRequest(.notFound) }
            let cleared = try await bank.counter.clearCredentials(db, customer: customer, [credential], actor: .staff(approver.loginID),
                                                     client: client, note: note, at: now)
            return cleared.isEmpty ? [.code(.nothingLocked)] : [.field(.cleared, FactorRecord.encode(cleared))]
        case .otpReset:
            let token = try await endTokenForLostPhone(db, customer: customer, reason: request.reason, actor: .staff(approver.loginID),
                                                       client: client, note: note, at: now)
            return [.field(.tokenEnded, token.userID)]
        case .mailPasswordOff:
            let address = try await stopMailPasswordByBank(db, customer: customer, actor: .staff(approver.loginID), client: client,
                                                           note: note, at: now)
            return [.code(.mailPasswordOff), .field(.address, address)]
        case .mailAddress:
            guard let kind = MailAddressKind(rawValue: request.target) else { throw BankError.accessRequest(.notFound) }
            let change = try await applyMailAddressChange(db, customer, kind: kind, to: request.newValue, via: .counter,
                                                    actor: .staff(approver.loginID),
                                                          client: client, note: note, at: now)
            return [.code(.addressChanged), .field(.kind, kind.rawValue), .field(.mailPasswordMoved, change.mailPasswordMoved)]
        case .transferLimit:
            let limit = try await applyDailyLimit(db, customer: customer, request.amount, actor: .staff(approver.loginID),
                                                  client: client, note: note, at: now)
            return [.field(.limit, limit.value)]
        case .scheduledTransferCancel:
            let cancelled = try await bank.scheduledTransfers.cancelByBank(
                db, receptionNumber: request.target, customer: customer, actor: .staff(approver.loginID), client: client,
                note: note + [.field(.reason, request.reason)], at: now)
            return [.code(.byBank), .field(.reception, cancelled.receptionNumber)]
        }
    }

    /// Stops the customer's メール通知パスワード at the bank's hand (the customer cannot reach
    /// that mailbox any more): the setting ends, any mailed password is void, its counter is
    /// cleared, and the address that was receiving the passwords is told. Returns it.
    func stopMailPasswordByBank(_ db: any SQLDatabase, customer: CustomerRecord, actor: AuditActor, client: ClientInfo,
                                note: AuditDetail, at now: Date) async throws -> String {
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
        try await AuditRecords.write(db, .mailPasswordDisabled, .success, by: actor, customerID: customer.id,
            loginID: customer.loginID, client: client,
            detail: [.field(.address, previous.address), .field(.messageID, mail.messageID)] + note, at: now)
        return previous.address
    }
}
