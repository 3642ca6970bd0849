import BankCore
import BankStore
import Foundation

/// ログインパスワード変更 and 確認用パスワード変更: the current password, the new one twice.
public struct PasswordChangeService: BankUseCase {
    public let context: BankContext

    /// Field names of the form, also those of the errors.
    public enum Field {
        public static let current = "current_password"
        public static let new = "new_password"
        public static let newAgain = "new_password_again"
    }

    /// Changes one of the customer's passwords. The new one must satisfy the counter's policy,
    /// differ from the current one and from the other password. A wrong current password counts
    /// toward that credential's lock as at login or 確認用パスワード; a refusal writes nothing else.
    /// On success every other session of the customer ends (the one with `sessionCookie` stays)
    /// and the PC address is told.
    public func change(_ password: CustomerPassword, by actor: BankActor, current: String, new: String, newAgain: String,
                       sessionCookie: String, session presented: [Credential], client: ClientInfo) async throws {
        let customerID = try actor.requireCustomer()
        let now = clock.now()
        let (customer, state) = try await customerAndFactor(customerID, at: now)
        var errors: [FieldError] = []
        if current.isEmpty { errors.append(FieldError(field: Field.current, messageKey: "error.password_change.current_required")) }
        do {
            try CredentialPolicy.validatePassword(new, loginID: customer.loginID)
        } catch { errors.append(FieldError(field: Field.new, messageKey: error.messageKey)) }
        if new != newAgain { errors.append(FieldError(field: Field.newAgain, messageKey: "error.password_change.mismatch")) }
        guard errors.isEmpty else { throw BankError.invalidInput(errors) }

        // The login password was presented at login already: it is not listed twice.
        let factors = FactorRecord(inForce: state.factorsInForce,
                                   presented: presented.contains(password.credential) ? presented : presented + [password.credential])
        let wrong = BankError.invalidInput([FieldError(field: Field.current, messageKey: "error.password_change.current_wrong")])
        try await checkPassword(password.credential, of: customer, password: current,
                                event: password == .login ? .loginPasswordChanged : .confirmationPassword,
                                purpose: .passwordChange, wrong: wrong, client: client, factors: factors)
        if new == current {
            throw BankError.invalidInput([FieldError(field: Field.new, messageKey: "error.password_change.same_as_current")])
        }
        if try await hasher.verify(new, against: password.other.storedHash(customer)) {
            throw BankError.invalidInput([FieldError(field: Field.new, messageKey: "error.password_change.same_as_other")])
        }
        let hash = try await hasher.hash(new)
        let keptSession = Self.sha256Hex(sessionCookie)
        try await database.transaction { db in
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            try await CustomerRecords.updatePasswordHash(db, customerID: customerID, credential: password.credential, hash: hash)
            let ended = try await SessionRecords.deleteOthers(db, customerID: customerID, keeping: keptSession)
            let mail = composeMail(kind: "\(password.rawValue)_changed", customerID: customerID, to: [customer.pcEmail],
                                   template: MailTemplates.compose {
                                       MailTemplates.passwordChanged(password.credential, bankName: settings.bankName,
                                                                     at: now, language: $0)
                                   }, urgent: true)
            try await OutboxRecords.enqueue(db, mail, at: now)
            try await AuditRecords.write(db, password.changedEvent, .success, by: .customer, customerID: customerID,
                                         loginID: customer.loginID, client: client, factors: factors,
                                         detail: [.field(.sessionsEnded, ended), .field(.messageID, mail.messageID)], at: now)
        }
        mailNotifier.notify()
    }
}
