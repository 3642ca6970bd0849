import BankCore
import BankStore
import Foundation
import SQLKit

/// The result of choosing a destination on the 振込・振替 screen.
public struct DestinationSelection: Sendable, Equatable {
    public var destination: TransferDestination
    /// A メール通知パスワード was mailed for this destination just now.
    public var mailPasswordSent: Bool
    /// Where it was sent (the registered address), for the screen's notice.
    public var mailPasswordAddress: String?
}

extension Bank {
    /// 次へ after picking a 利用者登録 payee, or 次へ on the 他口座 form: with the mail password
    /// on, a new password is mailed now, replacing any earlier one, bound to this destination
    /// and this session. 届出済み payees and own accounts need none.
    public func selectDestination(customerID: Int64, sessionCookie: String, _ choice: DestinationChoice,
                                  client: ClientInfo) async throws -> DestinationSelection {
        let now = clock.now()
        let destination = try await resolveDestination(customerID: customerID, choice)
        let (customer, setting, locked) = try await database.read { db in
            (try await CustomerRecords.find(db, id: customerID), try await MailPasswordSettingRecords.find(db, customerID: customerID),
             try await CredentialRecords.state(db, customerID: customerID, credential: .mailPassword).isLocked)
        }
        guard let customer else { throw BankError.customerNotFound }
        guard let setting, destination.needsMailPassword else {
            return DestinationSelection(destination: destination, mailPasswordSent: false, mailPasswordAddress: nil)
        }
        // Locked: no transfer that needs it can run, so no new password goes out either.
        if locked { throw BankError.mailPasswordRefused(.locked) }
        try await mailNewPassword(customer, to: setting.address, for: destination, sessionCookie: sessionCookie,
                                  reason: "destination", client: client, at: now)
        return DestinationSelection(destination: destination, mailPasswordSent: true, mailPasswordAddress: setting.address)
    }

    /// 再送 on the 確認画面: a fresh メール通知パスワード for the confirmation's destination, in
    /// this session, voiding any earlier one (a stale 金額入力 URL, a mail that never came, or
    /// one issued for another destination since). Returns the address it went to.
    public func resendMailPassword(customerID: Int64, sessionCookie: String, nonce: String,
                                   client: ClientInfo) async throws -> String {
        let now = clock.now()
        guard let confirmation = try await pendingConfirmation(customerID: customerID, sessionCookie: sessionCookie,
                                                               nonce: nonce) else { throw BankError.confirmationExpired }
        let (customer, setting, locked) = try await database.read { db in
            (try await CustomerRecords.find(db, id: customerID), try await MailPasswordSettingRecords.find(db, customerID: customerID),
             try await CredentialRecords.state(db, customerID: customerID, credential: .mailPassword).isLocked)
        }
        guard let customer else { throw BankError.customerNotFound }
        // Turned off since the 確認画面 was made, or never needed there: start again.
        guard confirmation.needsMailPassword, let setting else { throw BankError.confirmationExpired }
        if locked { throw BankError.mailPasswordRefused(.locked) }
        try await mailNewPassword(customer, to: setting.address, for: confirmation.destination, sessionCookie: sessionCookie,
                                  reason: "resend", client: client, at: now)
        return setting.address
    }

    /// Whether this session holds an unspent メール通知パスワード for `destination`: if not, the
    /// 確認画面 offers to send one instead of asking for one the customer cannot have.
    public func holdsMailPassword(customerID: Int64, sessionCookie: String, for destination: TransferDestination) async throws -> Bool {
        guard let record = try await database.read({ db in try await MailPasswordRecords.find(db, customerID: customerID) }) else {
            return false
        }
        return record.spentAt == nil && record.sessionHash == Self.sha256Hex(sessionCookie)
            && record.destinationKey == destination.mailPasswordBinding
    }

    /// Mails a new password bound to the destination and the session, replacing any earlier
    /// one, with its audit row, in one transaction.
    private func mailNewPassword(_ customer: CustomerRecord, to address: String, for destination: TransferDestination,
                                 sessionCookie: String, reason: String, client: ClientInfo, at now: Date) async throws {
        let customerID = customer.id
        let keyedHash = KeyedHash(ring: try requireSecretKeys())
        let password = MailPassword.generate(random: random)
        let record = MailPasswordRecord(
            customerID: customerID, sessionHash: Self.sha256Hex(sessionCookie), destinationKey: destination.mailPasswordBinding,
            passwordHash: MailPassword.hash(password, customerID: customerID, payeeKey: destination.mailPasswordBinding, using: keyedHash),
            issuedAt: now, spentAt: nil)
        let template = MailTemplates.compose { language in
            MailTemplates.mailPassword(bankName: settings.bankName, password: password, destination: destination, at: now,
                                       language: language)
        }
        // The mail holds a secret: its body is blanked once sent, and it is not worth sending
        // after the session that could use it has surely ended.
        let mail = composeMail(kind: "mail_password", customerID: customerID, to: [address], template: template,
                               urgent: true, containsSecret: true, expiresAt: now.addingTimeInterval(settings.sessions.absoluteTimeout))
        try await database.transaction { db in
            try await MailPasswordRecords.replace(db, record)
            try await OutboxRecords.enqueue(db, mail, at: now)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "mail_password_issued", result: .success, actor: "customer", customerID: customerID,
                loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
                factors: FactorRecord(inForce: ExtraFactorState.mailPassword.factorsInForce, presented: []),
                detail: "destination=\(destination.bankCode)-\(destination.branchCode)-\(maskedAccountNumber(destination.accountNumber)) kind=\(destination.kind) reason=\(reason) message_id=\(mail.messageID)"))
        }
        mailNotifier.notify()
    }
}
