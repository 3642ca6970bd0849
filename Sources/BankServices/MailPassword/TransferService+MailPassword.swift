import BankCore
import BankStore
import Foundation
import SQLKit

extension TransferService {
    /// 次へ after picking a 利用者登録 payee, or 次へ on the 他口座 form: with the mail password
    /// on, a new password is mailed now, replacing any earlier one, bound to this destination
    /// and this session. 届出済み payees and own accounts need none.
    public func selectDestination(by actor: BankActor, sessionCookie: String, _ choice: DestinationChoice,
                                  client: ClientInfo) async throws -> DestinationSelection {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        let destination = try await resolveDestination(by: actor, choice)
        let (customer, setting, locked) = try await mailPasswordState(customerID: customerID)
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
    public func resendMailPassword(by actor: BankActor, sessionCookie: String, nonce: String,
                                   client: ClientInfo) async throws -> String {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        guard let confirmation = try await pendingConfirmation(by: actor, sessionCookie: sessionCookie,
                                                               nonce: nonce) else { throw BankError.confirmationExpired }
        let (customer, setting, locked) = try await mailPasswordState(customerID: customerID)
        // Turned off since the 確認画面 was made, or never needed there: start again.
        guard confirmation.needsMailPassword, let setting else { throw BankError.confirmationExpired }
        if locked { throw BankError.mailPasswordRefused(.locked) }
        try await mailNewPassword(customer, to: setting.address, for: confirmation.destination, sessionCookie: sessionCookie,
                                  reason: "resend", client: client, at: now)
        return setting.address
    }

    /// Whether this session holds an unspent メール通知パスワード for `destination`: if not, the
    /// 確認画面 offers to send one instead of asking for one the customer cannot have.
    public func holdsMailPassword(by actor: BankActor, sessionCookie: String, for destination: TransferDestination) async throws -> Bool {
        let customerID = try actor.requireCustomer()
        guard let record = try await database.read({ db in try await MailPasswordRecords.find(db, customerID: customerID) }) else {
            return false
        }
        return record.spentAt == nil && record.sessionHash == Self.sha256Hex(sessionCookie)
            && record.destinationKey == destination.mailPasswordBinding
    }

    /// The customer, their mail password setting (nil: off) and whether it is locked, read together.
    /// The customer, the mail password setting (nil: off) and whether it is locked, in one read
    /// (the quote's early refusal uses it too).
    func mailPasswordState(customerID: Int64) async throws -> (CustomerRecord, MailPasswordSetting?, Bool) {
        let (customer, setting, locked) = try await database.read { db in
            (try await CustomerRecords.find(db, id: customerID), try await MailPasswordSettingRecords.find(db, customerID: customerID),
             try await CredentialRecords.state(db, customerID: customerID, credential: .mailPassword).isLocked)
        }
        guard let customer else { throw BankError.customerNotFound }
        return (customer, setting, locked)
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
            try await AuditRecords.write(db, .mailPasswordIssued, .success, by: .customer, customerID: customerID,
                loginID: customer.loginID, client: client,
                factors: FactorRecord(inForce: ExtraFactorState.mailPassword.factorsInForce, presented: []),
                detail: [.field(.destination, "\(destination.bankCode)-\(destination.branchCode)-\(maskedAccountNumber(destination.accountNumber))"),
                         .field(.kind, destination.kind),
                         .field(.reason, reason),
                         .field(.messageID, mail.messageID)],
                at: now)
        }
        mailNotifier.notify()
    }
}
