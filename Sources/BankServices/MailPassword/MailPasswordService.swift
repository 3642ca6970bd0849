import BankCore
import BankStore
import Foundation
import SQLKit

/// メール通知パスワード利用変更: whether transfers to new destinations need a password mailed
/// to one of the customer's registered addresses.
public struct MailPasswordService: BankUseCase {
    public let context: BankContext

    /// What the 利用変更 screen offers now.
    public func setting(by actor: BankActor) async throws -> MailPasswordSettingView {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        return try await database.read { db in
            guard let customer = try await CustomerRecords.find(db, id: customerID) else { throw BankError.customerNotFound }
            let state = try await extraFactorState(db, customerID: customerID, at: now).0
            var refusal: ExtraFactorRefusal?
            do throws(ExtraFactorRefusal) { try ExtraFactorRules.checkEnableMailPassword(state) } catch { refusal = error }
            return MailPasswordSettingView(addresses: Self.registeredAddresses(customer),
                                           current: try await MailPasswordSettingRecords.find(db, customerID: customerID),
                                           enableRefusal: refusal)
        }
    }

    /// 利用する (to one of the registered addresses) or 利用しない, with the 確認用パスワード.
    /// Either way the address concerned is told by mail; turning it off also voids any
    /// password mailed and not yet used.
    public func changeSetting(by actor: BankActor, use: Bool, address: String, confirmationPassword: String,
                                          session presented: [Credential], client: ClientInfo) async throws -> MailPasswordSetting? {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        let (customer, state) = try await customerAndFactor(customerID, at: now)
        var errors: [FieldError] = []
        if use, !Self.registeredAddresses(customer).contains(address) {
            errors.append(FieldError(field: "address", messageKey: "error.mail_password.address"))
        }
        if confirmationPassword.isEmpty {
            errors.append(.confirmationPasswordRequired)
        }
        guard errors.isEmpty else { throw BankError.invalidInput(errors) }
        if use {
            try enforce { () throws(ExtraFactorRefusal) in try ExtraFactorRules.checkEnableMailPassword(state) }
        } else if state != .mailPassword {
            throw BankError.factor(.mailPasswordOff)
        }
        // A locked mail password stops the transfers that need it until the bank unlocks it:
        // turning it off (or moving it to another address) must not be a way round that.
        if state == .mailPassword, try await mailPasswordLocked(customerID: customerID) {
            throw BankError.credentialLocked(.mailPassword)
        }
        let factors = FactorRecord(inForce: state.factorsInForce, presented: presented + [.confirmationPassword])
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: .mailPasswordSetting,
                                            client: client, factors: factors)
        let setting = try await database.transaction { db -> MailPasswordSetting? in
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            let (current, _) = try await extraFactorState(db, customerID: customerID, at: now)
            let previous = try await MailPasswordSettingRecords.find(db, customerID: customerID)
            if previous != nil, try await CredentialRecords.state(db, customerID: customerID, credential: .mailPassword).isLocked {
                throw BankError.credentialLocked(.mailPassword)
            }
            if use {
                try enforce { () throws(ExtraFactorRefusal) in try ExtraFactorRules.checkEnableMailPassword(current) }
                try await MailPasswordSettingRecords.enable(db, customerID: customerID, address: address, at: now)
            } else {
                guard try await MailPasswordSettingRecords.disable(db, customerID: customerID) else {
                    throw BankError.factor(.mailPasswordOff)
                }
                try await MailPasswordRecords.discard(db, customerID: customerID)
            }
            // Turning on tells the new address; changing the address tells the old one too;
            // turning off tells the address that was receiving the passwords.
            var recipients = [use ? address : (previous?.address ?? customer.pcEmail)]
            if use, let old = previous?.address, old != address { recipients.append(old) }
            let template = MailTemplates.compose { language in
                MailTemplates.mailPasswordSetting(on: use, bankName: settings.bankName, address: use ? address : recipients[0],
                                                  at: now, language: language)
            }
            let mail = composeMail(kind: use ? "mail_password_on" : "mail_password_off", customerID: customerID,
                                   to: recipients, template: template, urgent: true)
            try await OutboxRecords.enqueue(db, mail, at: now)
            try await AuditRecords.write(db, use ? .mailPasswordEnabled : .mailPasswordDisabled, .success,
                by: .customer, customerID: customerID, loginID: customer.loginID, client: client, factors: factors,
                detail: [.field(.address, use ? address : recipients[0]), .field(.messageID, mail.messageID)], at: now)
            return use ? try await MailPasswordSettingRecords.find(db, customerID: customerID) : nil
        }
        mailNotifier.notify()
        return setting
    }

    func mailPasswordLocked(customerID: Int64) async throws -> Bool {
        try await database.read { db in
            try await CredentialRecords.state(db, customerID: customerID, credential: .mailPassword).isLocked
        }
    }
}
