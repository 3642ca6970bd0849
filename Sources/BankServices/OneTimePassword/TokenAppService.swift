import BankCore
import BankStore
import Foundation
import SQLKit

/// What the phone's token app asks the bank: its 初期設定 (the secret, once) and whether its
/// token still stands. Nobody is signed in: the app proves itself with what it holds.
public struct TokenAppService: BankUseCase {
    public let context: BankContext

    /// The token app's 初期設定: checks the service ID, user ID and 利用開始パスワード and
    /// hands out the secret, once. Wrong passwords count; the last allowed one voids the token.
    public func provision(serviceID rawServiceID: String, userID rawUserID: String, activationPassword rawActivation: String,
                               client: ClientInfo) async throws -> ProvisioningOutcome {
        let serviceID = rawServiceID.trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        if serviceID.isEmpty || serviceID.count > 64 { errors.append(FieldError(field: "service_id", messageKey: "error.service_id.format")) }
        let userID = TokenUserID.normalize(rawUserID)
        if userID == nil { errors.append(FieldError(field: "user_id", messageKey: "error.user_id.format")) }
        let activation = ActivationPasswordPolicy.normalize(rawActivation)
        if activation == nil { errors.append(FieldError(field: "activation_password", messageKey: "error.activation_password.format")) }
        guard errors.isEmpty, let userID, let activation else { throw BankError.invalidInput(errors) }
        let keys = try requireSecretKeys()
        let now = clock.now()

        func audit(_ result: AuditEvent.Result, _ detail: AuditDetail, customerID: Int64? = nil) async throws {
            try await database.transaction { db in
                try await AuditRecords.write(db, .otpTokenProvision, result, by: .tokenApp, customerID: customerID, client: client,
                    factors: FactorRecord(inForce: [], presented: [.activationPassword]), detail: detail, at: now)
            }
        }
        guard serviceID.caseInsensitiveCompare(settings.otp.serviceID) == .orderedSame,
              let token = try await database.read({ db in try await OTPTokenRecords.find(db, userID: userID) }) else {
            try await audit(.failure, [.code(.unknownServiceOrUser)])
            return .invalidCredentials
        }
        guard token.status == .issued, token.setupExpiresAt > now else {
            try await audit(.refused, [.code(.unavailable), .field(.status, token.status.rawValue), .field(.userID, userID)],
                            customerID: token.customerID)
            return .unavailable
        }
        // One transaction holds the customer's 利用開始パスワード counter (a keyed hash is cheap to
        // compare): the lock, the comparison and its count commit together, so set-ups sent
        // at once take turns and a crash leaves nothing counted.
        let hasher = KeyedHash(ring: keys)
        let secret = TOTP.generateSecret(random: random)
        let sealed = try keys.seal(secret, associatedData: Self.tokenSecretContext(token.id))
        enum Check: Sendable { case provisioned, wrong(failures: Int), voided, locked, raced }
        let check = try await database.transaction { db -> Check in
            // The customer's row first, as every change of factors takes it (トークン発行, a
            // lost-phone reset), then the counter, then the token: none deadlocks another.
            try await CustomerRecords.lockForChange(db, customerID: token.customerID)
            let (_, locked) = try await AttemptReservations.lockCounter(db, .customer(token.customerID, .activationPassword))
            if locked { return .locked }
            guard hasher.verify("otp-activation:" + activation, against: token.activationHash) else {
                let state = try await CredentialRecords.recordFailure(db, customerID: token.customerID,
                                                                      credential: .activationPassword,
                                                                      policy: settings.lockout, at: now)
                guard state.isLocked else {
                    try await AuditRecords.write(db, .otpTokenProvision, .failure, by: .tokenApp,
                        customerID: token.customerID, client: client,
                        factors: FactorRecord(inForce: [], presented: [.activationPassword]),
                        detail: [.code(.wrongActivationPassword), .field(.failures, state.failures), .field(.userID, userID)],
                        at: now)
                    return .wrong(failures: state.failures)
                }
                return try await voidToken(db, token, failures: state.failures, client: client, at: now) ? .voided : .locked
            }
            guard try await OTPTokenRecords.markProvisioned(db, id: token.id, secretSealed: sealed, at: now) else { return .raced }
            try await CredentialRecords.reset(db, customerID: token.customerID, credential: .activationPassword)
            try await AuditRecords.write(db, .otpTokenProvision, .success, by: .tokenApp, customerID: token.customerID,
                client: client, factors: FactorRecord(inForce: [], presented: [.activationPassword]),
                detail: [.field(.userID, userID), .field(.keyID, keys.currentKeyID)], at: now)
            return .provisioned
        }
        switch check {
        case .provisioned:
            break
        case .wrong:
            return .invalidCredentials
        case .voided:
            mailNotifier.notify()
            return .voided
        case .locked:
            try await audit(.refused, [.code(.locked), .field(.userID, userID)], customerID: token.customerID)
            return .unavailable
        case .raced:
            try await audit(.refused, [.code(.unavailable), .code(.raced), .field(.userID, userID)], customerID: token.customerID)
            return .unavailable
        }
        return .provisioned(secret: secret, parameters: settings.otp.parameters)
    }

    /// Voids an issued token after too many wrong 利用開始パスワード and tells the mobile address.
    /// In the caller's transaction, which counted the failure that locked it.
    private func voidToken(_ db: any SQLDatabase, _ token: OTPTokenRecord, failures: Int, client: ClientInfo,
                           at now: Date) async throws -> Bool {
        guard try await OTPTokenRecords.end(db, id: token.id, expected: .issued, as: .void,
                                            reason: "activation_password_locked", at: now) else { return false }
        let mail = composeMail(kind: "otp_token_void", customerID: token.customerID, to: [token.mobileEmail],
                               template: MailTemplates.compose {
                                   MailTemplates.otpNotice(.tokenVoid, bankName: settings.bankName, at: now, language: $0)
                               }, urgent: true)
        try await OutboxRecords.enqueue(db, mail, at: now)
        BankMetrics.lock("customer", credential: Credential.activationPassword.rawValue)
        try await AuditRecords.write(db, .credentialLocked, .info, by: .system, customerID: token.customerID, client: client,
            detail: [.word(Credential.activationPassword.rawValue)], at: now)
        try await AuditRecords.write(db, .otpTokenVoid, .refused, by: .tokenApp, customerID: token.customerID,
            client: client, factors: FactorRecord(inForce: [], presented: [.activationPassword]),
            detail: [.code(.wrongActivationPassword), .field(.failures, failures), .field(.userID, token.userID)],
            at: now)
        return true
    }
}
