import BankCore
import BankStore
import Foundation
import SQLKit

/// Which registered address the counter changes.
public enum MailAddressKind: String, Sendable, CaseIterable {
    /// PCメールアドレス: transfer notices and security notices go here.
    case pc
    /// 携帯メールアドレス.
    case mobile
}

/// What a 登録メールアドレス変更 did.
public struct MailAddressChange: Sendable, Equatable {
    public var kind: MailAddressKind
    /// The address before (nil: the customer had no mobile address).
    public var oldAddress: String?
    public var newAddress: String
    /// The メール通知パスワード went to the old address and now goes to the new one.
    public var mailPasswordMoved: Bool
    /// The notices queued: to the new address, and to the old one if there was one.
    public var messageIDs: [String]
}

extension Bank {
    /// 登録メールアドレス変更 at the counter (after the customer's written application): the
    /// address, the メール通知パスワード's destination when it went to the old address, the
    /// notices to the old and the new address and the audit row, all in one transaction.
    /// A password mailed to the old address and not yet used is voided with it.
    public func changeMailAddress(customerID: Int64, kind: MailAddressKind, newAddress rawAddress: String,
                                  by staff: StaffRecord, client: ClientInfo) async throws -> MailAddressChange {
        try await requireCounterWorker(staff, event: "mail_address_changed", customerID: customerID, client: client)
        let address: MailAddress
        do { address = try MailAddress(validating: rawAddress) } catch {
            throw BankError.invalidInput([FieldError(field: "address", messageKey: error.messageKey)])
        }
        let now = clock.now()
        let change = try await database.transaction { db -> MailAddressChange in
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            guard var customer = try await CustomerRecords.find(db, id: customerID) else { throw BankError.customerNotFound }
            let old = kind == .pc ? customer.pcEmail : customer.mobileEmail
            if old == address.value {
                throw BankError.invalidInput([FieldError(field: "address", messageKey: "error.mail_address.same")])
            }
            let column = kind == .pc ? "pc_email" : "mobile_email"
            try await db.raw("UPDATE customers SET \(ident: column) = \(bind: address.value) WHERE id = \(bind: customerID)").run()
            if kind == .pc { customer.pcEmail = address.value } else { customer.mobileEmail = address.value }

            // The mail password must keep reaching the customer: if it went to an address
            // that is no longer registered, it follows to the new one.
            var moved = false
            if let old, let setting = try await MailPasswordSettingRecords.find(db, customerID: customerID),
               setting.address == old, !Self.registeredAddresses(customer).contains(old) {
                try await MailPasswordSettingRecords.enable(db, customerID: customerID, address: address.value, at: now)
                try await MailPasswordRecords.discard(db, customerID: customerID)
                moved = true
            }

            var mails = [composeMail(kind: "mail_address_changed", customerID: customerID, to: [address.value],
                                     template: MailTemplates.compose { language in
                MailTemplates.mailAddressChanged(kind: kind, bankName: settings.bankName, newAddress: address.value,
                                                 mailPasswordMoved: moved, toOldAddress: false, at: now, language: language)
            }, urgent: true)]
            if let old {
                // The old address learns of the change but not the whole new address: if the old
                // mailbox is what was lost, its reader does not learn where mail goes now.
                mails.append(composeMail(kind: "mail_address_changed", customerID: customerID, to: [old],
                                         template: MailTemplates.compose { language in
                    MailTemplates.mailAddressChanged(kind: kind, bankName: settings.bankName,
                                                     newAddress: MailTemplates.maskedAddress(address.value),
                                                     mailPasswordMoved: moved, toOldAddress: true, at: now, language: language)
                }, urgent: true))
            }
            for mail in mails { try await OutboxRecords.enqueue(db, mail, at: now) }
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "mail_address_changed", result: .success, actor: staff.actor, customerID: customerID,
                loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
                detail: "kind=\(kind.rawValue) old=\(old ?? "-") new=\(address.value) mail_password_moved=\(moved) "
                    + "message_ids=\(mails.map(\.messageID).joined(separator: ","))"))
            return MailAddressChange(kind: kind, oldAddress: old, newAddress: address.value, mailPasswordMoved: moved,
                                     messageIDs: mails.map(\.messageID))
        }
        mailNotifier.notify()
        return change
    }
}
