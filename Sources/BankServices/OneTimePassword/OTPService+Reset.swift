import BankCore
import BankStore
import Foundation
import SQLKit

extension OTPService {
    /// Lost phone: the bank ends the customer's token after checking identity (kyoei admin
    /// otp reset). Audited with the staff member and the reason; the customer is mailed.
    /// Only the command line's operator: in the back office a reset is a request another
    /// member of staff approves (AccessRecovery).
    public func resetToken(loginID rawLoginID: String, reason rawReason: String, by actor: BankActor) async throws -> OTPTokenView {
        try actor.requireOperator()
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 200, !reason.contains(where: \.isNewline) else {
            throw BankError.invalidInput([FieldError(field: "reason", messageKey: "error.reason.required")])
        }
        let now = clock.now()
        let loginID = CredentialPolicy.normalizeLoginID(rawLoginID)
        let ended = try await database.transaction { db -> OTPTokenRecord in
            guard let customer = try await CustomerRecords.find(db, loginID: loginID) else { throw BankError.customerNotFound }
            return try await endTokenForLostPhone(db, customer: customer, reason: reason, actor: AuditActor(actor),
                                                  client: .commandLine, at: now)
        }
        mailNotifier.notify()
        return OTPTokenView(ended)
    }
}

extension BankUseCase {
    /// Ends the customer's live token in the caller's transaction: both OTP counters cleared,
    /// the customer mailed, audited as `otp_reset` (`note` adds e.g. the approved request).
    func endTokenForLostPhone(_ db: any SQLDatabase, customer: CustomerRecord, reason: String, actor: AuditActor,
                              client: ClientInfo, note: AuditDetail = .none, at now: Date) async throws -> OTPTokenRecord {
        try await CustomerRecords.lockForChange(db, customerID: customer.id)
        guard let token = try await OTPTokenRecords.live(db, customerID: customer.id),
              try await OTPTokenRecords.end(db, id: token.id, expected: token.status, as: .reset, reason: reason, at: now)
        else { throw BankError.factor(.noTokenToEnd) }
        try await CredentialRecords.reset(db, customerID: customer.id, credential: .otp)
        try await CredentialRecords.reset(db, customerID: customer.id, credential: .activationPassword)
        try await enqueueOTPNotice(db, .reset, customer: customer, at: now)
        try await AuditRecords.write(db, .otpReset, .success, by: actor, customerID: customer.id,
            loginID: customer.loginID, client: client,
            detail: [.field(.userID, token.userID), .field(.was, token.status.rawValue), .field(.reason, reason)] + note,
            at: now)
        return try await OTPTokenRecords.find(db, id: token.id)!
    }
}
