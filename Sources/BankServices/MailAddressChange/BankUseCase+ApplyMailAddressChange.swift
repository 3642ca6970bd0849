import BankCore
import BankStore
import Foundation
import SQLKit

/// Who made a 登録メールアドレス変更: the wording of its notices and its audit event differ,
/// what it does does not.
enum MailAddressChangeChannel: Sendable {
    /// At the counter, after the customer's written application (or its approved request).
    case counter
    /// By the customer on the site, applied when the link mailed to the new address was confirmed.
    case online

    var event: AuditEventName { self == .counter ? .mailAddressChanged : .mailAddressChangeConfirmed }
}

/// The one implementation of a 登録メールアドレス変更, for the counter, the approving 役席 and
/// the customer's own confirmed change alike.
extension BankUseCase {
    /// True when the mail password goes to the address being replaced and that address would
    /// no longer be registered (a customer may have the same address as PC and mobile).
    func mailPasswordWouldMove(_ db: any SQLDatabase, _ customer: CustomerRecord, kind: MailAddressKind,
                               to address: String) async throws -> Bool {
        guard let old = kind == .pc ? customer.pcEmail : customer.mobileEmail, old != address,
              let setting = try await MailPasswordSettingRecords.find(db, customerID: customer.id), setting.address == old
        else { return false }
        var after = customer
        if kind == .pc { after.pcEmail = address } else { after.mobileEmail = address }
        return !Self.registeredAddresses(after).contains(old)
    }

    /// Makes the change in the caller's transaction (the counter's, the approving 役席's, or the
    /// customer's confirmation): the address, the mail password's destination when it went to
    /// the old address, a notice to the new and to the old address, and the audit row (`note`
    /// adds the request). Any change the customer asked for online and has not confirmed yet
    /// is void: it was asked against the address that is now gone.
    func applyMailAddressChange(_ db: any SQLDatabase, _ current: CustomerRecord, kind: MailAddressKind, to address: String,
                                via channel: MailAddressChangeChannel, actor: AuditActor, client: ClientInfo,
                                factors: FactorRecord = .none, note: AuditDetail = .none,
                                at now: Date) async throws -> MailAddressChange {
        var customer = current
        let old = kind == .pc ? customer.pcEmail : customer.mobileEmail
        if old == address {
            throw BankError.invalidInput([FieldError(field: "address", messageKey: "error.mail_address.same")])
        }
        let moved = try await mailPasswordWouldMove(db, customer, kind: kind, to: address)
        try await CustomerRecords.setMailAddress(db, customerID: customer.id, mobile: kind == .mobile, to: address)
        try await MailAddressConfirmationRecords.voidPending(db, customerID: customer.id, at: now)
        if kind == .pc { customer.pcEmail = address } else { customer.mobileEmail = address }
        if moved {
            // The mail password must keep reaching the customer: it follows to the new address,
            // and a password mailed to the old one is void.
            try await MailPasswordSettingRecords.enable(db, customerID: customer.id, address: address, at: now)
            try await MailPasswordRecords.discard(db, customerID: customer.id)
        }
        let online = channel == .online
        var mails = [composeMail(kind: "mail_address_changed", customerID: customer.id, to: [address],
                                 template: MailTemplates.compose { language in
            MailTemplates.mailAddressChanged(kind: kind, bankName: settings.bankName, newAddress: address,
                                             mailPasswordMoved: moved, toOldAddress: false, online: online, at: now,
                                             language: language)
        }, urgent: true)]
        if let old {
            // The old address learns of the change but not the whole new address: if the old
            // mailbox is what was lost, its reader does not learn where mail goes now.
            mails.append(composeMail(kind: "mail_address_changed", customerID: customer.id, to: [old],
                                     template: MailTemplates.compose { language in
                MailTemplates.mailAddressChanged(kind: kind, bankName: settings.bankName,
                                                 newAddress: MailTemplates.maskedAddress(address),
                                                 mailPasswordMoved: moved, toOldAddress: true, online: online, at: now,
                                                 language: language)
            }, urgent: true))
        }
        for mail in mails { try await OutboxRecords.enqueue(db, mail, at: now) }
        try await AuditRecords.write(db, channel.event, .success, by: actor, customerID: customer.id,
            loginID: customer.loginID, client: client, factors: factors,
            detail: [.field(.kind, kind.rawValue), .field(.old, old ?? "-"), .field(.new, address), .field(.mailPasswordMoved, moved),
                     .field(.messageIDs, mails.map(\.messageID).joined(separator: ","))] + note, at: now)
        return MailAddressChange(kind: kind, oldAddress: old, newAddress: address, mailPasswordMoved: moved,
                                 messageIDs: mails.map(\.messageID))
    }
}
