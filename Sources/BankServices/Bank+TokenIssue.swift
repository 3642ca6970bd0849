import BankCore
import BankStore
import Foundation
import SQLKit

/// What トークン発行結果確認画面 shows.
public struct IssuedToken: Sendable, Equatable {
    public var userID: String
    public var mobileEmail: String
    public var setupExpiresAt: Date
}

/// The answer of the provisioning endpoint (docs/token-provisioning.md).
public enum ProvisioningOutcome: Sendable, Equatable {
    /// The secret, handed out this once.
    case provisioned(secret: [UInt8], parameters: TOTPParameters)
    /// Unknown service or user ID, or a wrong 利用開始パスワード: one answer for all.
    case invalidCredentials
    /// Already set up, expired, replaced, ended or void.
    case unavailable
    /// This wrong password was the last one allowed: the token is now void.
    case voided
}

extension Bank {
    /// トークン発行: a new token for the customer, replacing one still pending, and the
    /// mail to the mobile address with the app's address, the service ID and the user ID.
    public func issueToken(customerID: Int64, mobileEmail rawMobileEmail: String, activationPassword rawActivation: String,
                           confirmationPassword: String, session presented: [Credential], client: ClientInfo) async throws -> IssuedToken {
        var errors: [FieldError] = []
        var mobileEmail: MailAddress?
        do { mobileEmail = try MailAddress(validating: rawMobileEmail) } catch {
            errors.append(FieldError(field: "mobile_email", messageKey: error.messageKey))
        }
        let activation = ActivationPasswordPolicy.normalize(rawActivation)
        if activation == nil {
            errors.append(FieldError(field: "activation_password",
                                     messageKey: rawActivation.isEmpty ? "error.activation_password.required" : "error.activation_password.format"))
        }
        if confirmationPassword.isEmpty {
            errors.append(FieldError(field: "confirmation_password", messageKey: "error.confirmation_password.required"))
        }
        guard errors.isEmpty, let mobileEmail, let activation else { throw BankError.invalidInput(errors) }
        let keys = try requireSecretKeys()
        let now = clock.now()

        let (customer, state) = try await customerAndFactor(customerID, at: now)
        let factors = FactorRecord(inForce: state.factorsInForce, presented: presented + [.confirmationPassword])
        try enforce { () throws(ExtraFactorRefusal) in try ExtraFactorRules.checkIssue(state) }
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: "otp_issue", client: client, factors: factors)

        let setupBy = now.addingTimeInterval(settings.otp.setupPeriod)
        let activationHash = KeyedHash(ring: keys).hash("otp-activation:" + activation)
        let issued = try await database.transaction { db -> IssuedToken in
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            let (current, _) = try await extraFactorState(db, customerID: customerID, at: now)
            try enforce { () throws(ExtraFactorRefusal) in try ExtraFactorRules.checkIssue(current) }
            // A token past its set-up period, or one still pending, gives way to the new one.
            if let old = try await OTPTokenRecords.live(db, customerID: customerID) {
                let ending: OTPTokenStatus = old.status == .issued && old.setupExpiresAt <= now ? .expired : .replaced
                _ = try await OTPTokenRecords.end(db, id: old.id, expected: old.status, as: ending, reason: "new_issue", at: now)
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "otp_token_\(ending.rawValue)", result: .info, actor: "customer", customerID: customerID,
                    loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent, detail: "user_id=\(old.userID)"))
            }
            var userID = TokenUserID.generate(random: random)
            while try await OTPTokenRecords.find(db, userID: userID) != nil { userID = TokenUserID.generate(random: random) }
            _ = try await OTPTokenRecords.insertIssued(db, customerID: customerID, userID: userID, mobileEmail: mobileEmail.value,
                                                       activationHash: activationHash, at: now, setupExpiresAt: setupBy)
            try await CustomerRecords.updateMobileEmail(db, customerID: customerID, address: mobileEmail.value)
            try await CredentialRecords.reset(db, customerID: customerID, credential: .activationPassword)
            let template = MailTemplates.compose { language in
                MailTemplates.tokenIssued(bankName: settings.bankName, downloadURL: tokenAppURL, serviceID: settings.otp.serviceID,
                                          userID: userID, setupBy: setupBy, language: language)
            }
            let mail = composeMail(kind: "otp_token_issued", customerID: customerID, to: [mobileEmail.value],
                                   template: template, urgent: true)
            try await OutboxRecords.enqueue(db, mail, at: now)
            // The registered PC address hears of it too: a token sent to someone else's phone
            // is how a takeover would start.
            let notice = composeMail(kind: "otp_token_issued_notice", customerID: customerID, to: [customer.pcEmail],
                                     template: MailTemplates.compose { language in
                                         MailTemplates.tokenIssuedNotice(bankName: settings.bankName, mobileEmail: mobileEmail.value,
                                                                         setupBy: setupBy, at: now, language: language)
                                     }, urgent: true)
            try await OutboxRecords.enqueue(db, notice, at: now)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "otp_token_issued", result: .success, actor: "customer", customerID: customerID,
                loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent, factors: factors,
                detail: "user_id=\(userID) mobile=\(mobileEmail.value) message_id=\(mail.messageID)"))
            return IssuedToken(userID: userID, mobileEmail: mobileEmail.value, setupExpiresAt: setupBy)
        }
        mailNotifier.notify()
        return issued
    }

    /// Where the token app is explained and downloaded (the URL in the issuance mail).
    public var tokenAppURL: String {
        (settings.publicURL.hasSuffix("/") ? String(settings.publicURL.dropLast()) : settings.publicURL) + "/token-app"
    }

    /// The token app's 初期設定: checks the service ID, user ID and 利用開始パスワード and
    /// hands out the secret, once. Wrong passwords count; the last allowed one voids the token.
    public func provisionToken(serviceID rawServiceID: String, userID rawUserID: String, activationPassword rawActivation: String,
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
        let actor = "token_app"

        func audit(_ result: AuditEvent.Result, _ detail: String, customerID: Int64? = nil) async throws {
            try await database.transaction { db in
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "otp_token_provision", result: result, actor: actor, customerID: customerID,
                    ip: client.ip, userAgent: client.userAgent, factors: FactorRecord(inForce: [], presented: [.activationPassword]),
                    detail: detail))
            }
        }
        guard serviceID.caseInsensitiveCompare(settings.otp.serviceID) == .orderedSame,
              let token = try await database.read({ db in try await OTPTokenRecords.find(db, userID: userID) }) else {
            try await audit(.failure, "unknown_service_or_user")
            return .invalidCredentials
        }
        guard token.status == .issued, token.setupExpiresAt > now else {
            try await audit(.refused, "unavailable status=\(token.status.rawValue) user_id=\(userID)", customerID: token.customerID)
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
                    try await AuditRecords.append(db, AuditEvent(
                        at: now, event: "otp_token_provision", result: .failure, actor: actor, customerID: token.customerID,
                        ip: client.ip, userAgent: client.userAgent,
                        factors: FactorRecord(inForce: [], presented: [.activationPassword]),
                        detail: "wrong_activation_password failures=\(state.failures) user_id=\(userID)"))
                    return .wrong(failures: state.failures)
                }
                return try await voidToken(db, token, failures: state.failures, client: client, at: now) ? .voided : .locked
            }
            guard try await OTPTokenRecords.markProvisioned(db, id: token.id, secretSealed: sealed, at: now) else { return .raced }
            try await CredentialRecords.reset(db, customerID: token.customerID, credential: .activationPassword)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "otp_token_provision", result: .success, actor: actor, customerID: token.customerID,
                ip: client.ip, userAgent: client.userAgent, factors: FactorRecord(inForce: [], presented: [.activationPassword]),
                detail: "user_id=\(userID) key_id=\(keys.currentKeyID)"))
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
            try await audit(.refused, "locked user_id=\(userID)", customerID: token.customerID)
            return .unavailable
        case .raced:
            try await audit(.refused, "unavailable raced user_id=\(userID)", customerID: token.customerID)
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
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "credential_locked", result: .info, actor: "system", customerID: token.customerID,
            ip: client.ip, userAgent: client.userAgent, detail: Credential.activationPassword.rawValue))
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "otp_token_void", result: .refused, actor: "token_app", customerID: token.customerID,
            ip: client.ip, userAgent: client.userAgent, factors: FactorRecord(inForce: [], presented: [.activationPassword]),
            detail: "wrong_activation_password failures=\(failures) user_id=\(token.userID)"))
        return true
    }

    /// Binds a sealed secret to its token row: a ciphertext copied to another row fails to open.
    static func tokenSecretContext(_ tokenID: Int64) -> [UInt8] {
        Array("otp-token:\(tokenID)".utf8)
    }
}
