import BankCore
import BankStore
import Foundation

/// 通知設定: whether the customer is sent a ログインのお知らせ after every login. Logins from a
/// browser never seen for the customer are notified whatever the setting (`noteFullLogin`).
public struct NoticeService: BankUseCase {
    public let context: BankContext

    public enum Field {
        public static let loginNotice = "login_notice"
        public static let confirmationPassword = "confirmation_password"
    }

    public func settings(by actor: BankActor) async throws -> NotificationSettingsView {
        let customerID = try actor.requireCustomer()
        return try await database.read { db in
            guard let customer = try await CustomerRecords.find(db, id: customerID) else { throw BankError.customerNotFound }
            return NotificationSettingsView(
                loginNotice: try await NotificationSettingRecords.loginNoticeEnabled(db, customerID: customerID),
                changedAt: try await NotificationSettingRecords.changedAt(db, customerID: customerID),
                maskedPCEmail: MailTemplates.maskedAddress(customer.pcEmail))
        }
    }

    /// Turns login notices on or off with the 確認用パスワード (a wrong one counts toward its
    /// lock). The change is mailed to the PC address (someone who turned them off to hide
    /// their logins is seen at once) and audited; a refusal writes nothing else.
    public func setLoginNotice(by actor: BankActor, enabled: Bool?, confirmationPassword: String,
                               session presented: [Credential], client: ClientInfo) async throws {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        guard let enabled else {
            throw BankError.invalidInput([FieldError(field: Field.loginNotice, messageKey: "error.notification_settings.choose")])
        }
        let (customer, state) = try await customerAndFactor(customerID, at: now)
        let current = try await database.read { db in
            try await NotificationSettingRecords.loginNoticeEnabled(db, customerID: customerID)
        }
        if current == enabled {
            throw BankError.invalidInput([FieldError(field: Field.loginNotice, messageKey: "error.notification_settings.unchanged")])
        }
        if confirmationPassword.isEmpty { throw BankError.invalidInput([FieldError.confirmationPasswordRequired]) }
        let factors = FactorRecord(inForce: state.factorsInForce, presented: presented + [.confirmationPassword])
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: .notificationSettings,
                                            client: client, factors: factors)
        try await database.transaction { db in
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            try await NotificationSettingRecords.setLoginNotice(db, customerID: customerID, enabled: enabled, at: now)
            let mail = composeMail(kind: "notification_settings_changed", customerID: customerID, to: [customer.pcEmail],
                                   template: MailTemplates.compose { language in
                                       MailTemplates.notificationSettingsChanged(loginNotice: enabled, bankName: settings.bankName,
                                                                                 at: now, language: language)
                                   }, urgent: !enabled)
            try await OutboxRecords.enqueue(db, mail, at: now)
            try await AuditRecords.write(db, .notificationSettingsChanged, .success, by: .customer, customerID: customerID,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: [.field(.was, current ? "on" : "off"), .field(.new, enabled ? "on" : "off"),
                                                  .field(.messageID, mail.messageID)], at: now)
        }
        mailNotifier.notify()
    }
}
