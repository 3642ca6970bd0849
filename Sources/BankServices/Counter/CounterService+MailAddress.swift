import BankCore
import BankStore
import Foundation
import SQLKit

extension CounterService {
    /// 登録メールアドレス変更 at the counter (after the customer's written application): the
    /// address, the notices to the old and the new address and the audit row, in one
    /// transaction. When the メール通知パスワード goes to the address being replaced, the change
    /// would send the customer's second factor somewhere new: then it is only a request, made
    /// (with the password's destination, voiding any password mailed and unused) when a
    /// different 役席 approves it.
    public func changeMailAddress(customerID: Int64, kind: MailAddressKind, newAddress rawAddress: String,
                                  by actor: BankActor, client: ClientInfo) async throws -> MailAddressOutcome {
        try await requireCounterWorker(actor, event: .mailAddressChanged, customerID: customerID, client: client)
        let address: MailAddress
        do { address = try MailAddress(validating: rawAddress) } catch {
            throw BankError.invalidInput([FieldError(field: "address", messageKey: error.messageKey)])
        }
        let now = clock.now()
        let outcome = try await database.transaction { db -> MailAddressOutcome in
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            let customer = try await customer(db, id: customerID)
            if try await mailPasswordWouldMove(db, customer, kind: kind, to: address.value) {
                let new = NewAccessRequest(customerID: customerID, kind: .mailAddress, target: kind.rawValue,
                                           reason: "届出による登録メールアドレス変更（メール通知パスワードの送信先）",
                                           newValue: address.value)
                return .requested(try await bank.accessRequests.insertRequest(db, new, customer: customer, by: actor, client: client, at: now))
            }
            return .changed(try await applyMailAddressChange(db, customer, kind: kind, to: address.value, actor: AuditActor(actor),
                                                             client: client, at: now))
        }
        mailNotifier.notify()
        return outcome
    }

    /// True when the mail password goes to the address being replaced and that address would
    /// no longer be registered (a customer may have the same address as PC and mobile).
    func mailPasswordWouldMove(_ db: any SQLDatabase, _ customer: CustomerRecord, kind: MailAddressKind,
                               to address: String) async throws -> Bool {
        guard let old = kind == .pc ? customer.pcEmail : customer.mobileEmail, old != address,
              let setting = try await MailPasswordSettingRecords.find(db, customerID: customer.id), setting.address == old
        else { return false }
        var after = customer
        if kind == .pc { after.pcEmail = address } else { after.mobileEmail = address }
        return !Bank.registeredAddresses(after).contains(old)
    }

    /// Makes the change in the caller's transaction (the counter's, or the approving 役席's):
    /// the address, the mail password's destination when it went to the old address, a notice
    /// to the new and to the old address, and the audit row (`note` adds the request).
    func applyMailAddressChange(_ db: any SQLDatabase, _ current: CustomerRecord, kind: MailAddressKind, to address: String,
                                actor: AuditActor, client: ClientInfo, note: AuditDetail = .none,
                                at now: Date) async throws -> MailAddressChange {
        var customer = current
        let old = kind == .pc ? customer.pcEmail : customer.mobileEmail
        if old == address {
            throw BankError.invalidInput([FieldError(field: "address", messageKey: "error.mail_address.same")])
        }
        let moved = try await mailPasswordWouldMove(db, customer, kind: kind, to: address)
        try await CustomerRecords.setMailAddress(db, customerID: customer.id, mobile: kind == .mobile, to: address)
        if kind == .pc { customer.pcEmail = address } else { customer.mobileEmail = address }
        if moved {
            // The mail password must keep reaching the customer: it follows to the new address,
            // and a password mailed to the old one is void.
            try await MailPasswordSettingRecords.enable(db, customerID: customer.id, address: address, at: now)
            try await MailPasswordRecords.discard(db, customerID: customer.id)
        }
        var mails = [composeMail(kind: "mail_address_changed", customerID: customer.id, to: [address],
                                 template: MailTemplates.compose { language in
            MailTemplates.mailAddressChanged(kind: kind, bankName: settings.bankName, newAddress: address,
                                             mailPasswordMoved: moved, toOldAddress: false, at: now, language: language)
        }, urgent: true)]
        if let old {
            // The old address learns of the change but not the whole new address: if the old
            // mailbox is what was lost, its reader does not learn where mail goes now.
            mails.append(composeMail(kind: "mail_address_changed", customerID: customer.id, to: [old],
                                     template: MailTemplates.compose { language in
                MailTemplates.mailAddressChanged(kind: kind, bankName: settings.bankName,
                                                 newAddress: MailTemplates.maskedAddress(address),
                                                 mailPasswordMoved: moved, toOldAddress: true, at: now, language: language)
            }, urgent: true))
        }
        for mail in mails { try await OutboxRecords.enqueue(db, mail, at: now) }
        try await AuditRecords.write(db, .mailAddressChanged, .success, by: actor, customerID: customer.id,
            loginID: customer.loginID, client: client,
            detail: [.field(.kind, kind.rawValue), .field(.old, old ?? "-"), .field(.new, address), .field(.mailPasswordMoved, moved),
                     .field(.messageIDs, mails.map(\.messageID).joined(separator: ","))] + note, at: now)
        return MailAddressChange(kind: kind, oldAddress: old, newAddress: address, mailPasswordMoved: moved,
                                 messageIDs: mails.map(\.messageID))
    }
}
