import BankCore
import BankStore
import Foundation
import SQLKit

public enum OTPLoginOutcome: Sendable, Equatable {
    /// The code passed: a new session (new cookie) that may reach the menu.
    case success(SessionTicket)
    case wrongCode
    /// Too many wrong codes: the session is ended and the customer must call the bank.
    case locked
    /// The session is gone or was not waiting for a code.
    case noPendingLogin
}

extension Bank {
    /// 利用開始: the first code from the set-up app turns the OTP on.
    public func activateToken(customerID: Int64, code: String, sessionCookie: String?, client: ClientInfo) async throws {
        let now = clock.now()
        let (customer, state, token) = try await database.read { db in
            let (state, token) = try await extraFactorState(db, customerID: customerID, at: now)
            return (try await CustomerRecords.find(db, id: customerID), state, token)
        }
        guard let customer else { throw BankError.customerNotFound }
        try enforce { () throws(ExtraFactorRefusal) in try ExtraFactorRules.checkActivate(state) }
        guard let token else { throw BankError.factor(.noTokenIssued) }
        let factors = FactorRecord(inForce: state.factorsInForce, presented: [.loginPassword, .otp])
        let step = try await checkCode(code, token: token, customer: customer, purpose: "otp_activation", client: client,
                                       factors: factors, at: now)
        let activated = try await database.transaction { db -> Bool in
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            guard try await OTPTokenRecords.acceptStep(db, id: token.id, step: step, activating: true, at: now) else { return false }
            try await CredentialRecords.reset(db, customerID: customerID, credential: .otp)
            if let sessionCookie {
                try await SessionRecords.addFactor(db, tokenHash: Self.sha256Hex(sessionCookie), .otp)
            }
            try await enqueueOTPNotice(db, .activated, customer: customer, at: now)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "otp_activated", result: .success, actor: "customer", customerID: customerID,
                loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
                factors: FactorRecord(inForce: ExtraFactorState.otpActive.factorsInForce, presented: factors.presented),
                detail: "user_id=\(token.userID) step=\(step)"))
            return true
        }
        guard activated else {
            try await auditCode(.failure, customer: customer, purpose: "otp_activation", detail: "replayed_or_raced", client: client,
                                factors: factors, at: now)
            throw BankError.wrongOTP
        }
        mailNotifier.notify()
    }

    /// The second login step: the code from the app. On success the pending session is
    /// replaced by a new one (new cookie value) that may reach the menu.
    public func verifyLoginOTP(cookieValue: String, code: String, client: ClientInfo) async throws -> OTPLoginOutcome {
        let now = clock.now()
        let tokenHash = Self.sha256Hex(cookieValue)
        let found = try await database.read { db -> (SessionRecord, CustomerRecord, OTPTokenRecord)? in
            guard let session = try await SessionRecords.find(db, tokenHash: tokenHash), session.stage == .otpPending,
                  let customer = try await CustomerRecords.find(db, id: session.customerID),
                  let token = try await OTPTokenRecords.live(db, customerID: customer.id), token.status == .active else { return nil }
            return (session, customer, token)
        }
        guard let (session, customer, token) = found else { return .noPendingLogin }
        let factors = FactorRecord(inForce: ExtraFactorState.otpActive.loginFactors, presented: [.loginPassword, .otp])
        let step: Int64
        do {
            step = try await checkCode(code, token: token, customer: customer, purpose: "login", client: client, factors: factors, at: now)
        } catch BankError.credentialLocked {
            _ = try await database.transaction { db in try await SessionRecords.delete(db, tokenHash: tokenHash) }
            return .locked
        } catch BankError.wrongOTP {
            return .wrongCode
        }
        let cookie = random.token256()
        let csrf = random.token256()
        let accepted = try await database.transaction { db -> Bool in
            guard try await OTPTokenRecords.acceptStep(db, id: token.id, step: step, activating: false, at: now),
                  try await SessionRecords.delete(db, tokenHash: tokenHash) else { return false }
            try await SessionRecords.insert(db, SessionRecord(
                tokenHash: Self.sha256Hex(cookie), customerID: customer.id, stage: .authenticated, csrfToken: csrf,
                factorsPresented: [.loginPassword, .otp], ip: client.ip, userAgent: client.userAgent,
                createdAt: session.createdAt, lastSeenAt: now))
            try await CredentialRecords.reset(db, customerID: customer.id, credential: .otp)
            try await CustomerRecords.recordLogin(db, customerID: customer.id, at: now)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "login", result: .success, actor: "customer", customerID: customer.id, loginID: customer.loginID,
                ip: client.ip, userAgent: client.userAgent, factors: factors, detail: "otp step=\(step)"))
            return true
        }
        guard accepted else {
            try await auditCode(.failure, customer: customer, purpose: "login", detail: "replayed_or_raced", client: client,
                                factors: factors, at: now)
            return .wrongCode
        }
        return .success(SessionTicket(cookieValue: cookie, csrfToken: csrf, stage: .authenticated))
    }

    /// 利用解除: ends the customer's token (active, or still pending) after the 確認用パスワード.
    public func deactivateToken(customerID: Int64, confirmationPassword: String, session presented: [Credential],
                                client: ClientInfo) async throws {
        if confirmationPassword.isEmpty {
            throw BankError.invalidInput([FieldError(field: "confirmation_password", messageKey: "error.confirmation_password.required")])
        }
        let now = clock.now()
        let (customer, state) = try await customerAndFactor(customerID, at: now)
        try enforce { () throws(ExtraFactorRefusal) in try ExtraFactorRules.checkDeactivate(state, presented: presented) }
        let factors = FactorRecord(inForce: state.factorsInForce, presented: presented + [.confirmationPassword])
        try await checkConfirmationPassword(customer, password: confirmationPassword, purpose: "otp_deactivate", client: client,
                                            factors: factors)
        try await database.transaction { db in
            try await CustomerRecords.lockForChange(db, customerID: customerID)
            let (current, token) = try await extraFactorState(db, customerID: customerID, at: now)
            try enforce { () throws(ExtraFactorRefusal) in try ExtraFactorRules.checkDeactivate(current, presented: presented) }
            guard let token, try await OTPTokenRecords.end(db, id: token.id, expected: token.status, as: .deactivated,
                                                           reason: "customer", at: now) else { throw BankError.factor(.noTokenToEnd) }
            try await CredentialRecords.reset(db, customerID: customerID, credential: .confirmationPassword)
            try await enqueueOTPNotice(db, token.status == .active ? .deactivated : .withdrawn, customer: customer, at: now)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "otp_deactivated", result: .success, actor: "customer", customerID: customerID,
                loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent, factors: factors,
                detail: "user_id=\(token.userID) was=\(token.status.rawValue)"))
        }
        mailNotifier.notify()
    }

    /// Lost phone: the bank ends the customer's token after checking identity (kyoei admin
    /// otp reset). Audited with the staff member and the reason; the customer is mailed.
    public func resetOTP(loginID rawLoginID: String, reason rawReason: String, staff: String) async throws -> OTPTokenRecord {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 200, !reason.contains(where: \.isNewline) else {
            throw BankError.invalidInput([FieldError(field: "reason", messageKey: "error.reason.required")])
        }
        let now = clock.now()
        let loginID = CredentialPolicy.normalizeLoginID(rawLoginID)
        let ended = try await database.transaction { db -> OTPTokenRecord in
            guard let customer = try await CustomerRecords.find(db, loginID: loginID) else { throw BankError.customerNotFound }
            return try await endTokenForLostPhone(db, customer: customer, reason: reason, actor: "staff:\(staff)",
                                                  client: .commandLine, at: now)
        }
        mailNotifier.notify()
        return ended
    }

    /// Ends the customer's live token in the caller's transaction: both OTP counters cleared,
    /// the customer mailed, audited as `otp_reset` (`note` adds e.g. the approved request).
    func endTokenForLostPhone(_ db: any SQLDatabase, customer: CustomerRecord, reason: String, actor: String,
                              client: ClientInfo, note: String = "", at now: Date) async throws -> OTPTokenRecord {
        try await CustomerRecords.lockForChange(db, customerID: customer.id)
        guard let token = try await OTPTokenRecords.live(db, customerID: customer.id),
              try await OTPTokenRecords.end(db, id: token.id, expected: token.status, as: .reset, reason: reason, at: now)
        else { throw BankError.factor(.noTokenToEnd) }
        try await CredentialRecords.reset(db, customerID: customer.id, credential: .otp)
        try await CredentialRecords.reset(db, customerID: customer.id, credential: .activationPassword)
        try await enqueueOTPNotice(db, .reset, customer: customer, at: now)
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "otp_reset", result: .success, actor: actor, customerID: customer.id,
            loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
            detail: "user_id=\(token.userID) was=\(token.status.rawValue) reason=\(reason)\(note)"))
        return try await OTPTokenRecords.find(db, id: token.id)!
    }

    /// Marks issued tokens whose set-up period ran out as expired, auditing each (the sweeper).
    @discardableResult
    public func expireOverdueTokens() async throws -> Int {
        let now = clock.now()
        return try await database.transaction { db in
            var count = 0
            for token in try await OTPTokenRecords.overdue(db, at: now)
            where try await OTPTokenRecords.end(db, id: token.id, expected: .issued, as: .expired, reason: "setup_period", at: now) {
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "otp_token_expired", result: .info, actor: "system", customerID: token.customerID,
                    detail: "user_id=\(token.userID)"))
                count += 1
            }
            return count
        }
    }

    // MARK: shared

    /// Checks a code against the token, counting the attempt first (like every credential).
    /// Returns the matched step for the caller to record atomically.
    private func checkCode(_ code: String, token: OTPTokenRecord, customer: CustomerRecord, purpose: String, client: ClientInfo,
                           factors: FactorRecord, at now: Date) async throws -> Int64 {
        let keys = try requireSecretKeys()
        guard let sealed = token.secretSealed else { throw BankError.factor(.tokenNotSetUp) }
        let secret = try keys.open(sealed, associatedData: Self.tokenSecretContext(token.id))
        let limit = settings.lockout.limit
        let attempt = try await database.transaction { db in
            try await CredentialRecords.recordFailure(db, customerID: customer.id, credential: .otp, policy: settings.lockout, at: now)
        }
        if attempt.failures <= limit,
           let step = TOTP.verify(code: code, secret: secret, at: now, lastAcceptedStep: token.lastAcceptedStep,
                                  window: settings.otp.window, parameters: settings.otp.parameters) {
            return step
        }
        let lockedNow = attempt.failures == limit
        try await database.transaction { db in
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: purpose == "login" ? "login_otp" : purpose, result: attempt.failures > limit ? .refused : .failure,
                actor: "customer", customerID: customer.id, loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
                factors: factors, detail: "wrong_otp failures=\(attempt.failures)"))
            if lockedNow {
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "credential_locked", result: .info, actor: "system", customerID: customer.id,
                    loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent, detail: Credential.otp.rawValue))
                try await enqueueOTPNotice(db, .locked, customer: customer, at: now)
            }
        }
        if lockedNow { mailNotifier.notify() }
        throw attempt.failures >= limit ? BankError.credentialLocked(.otp) : BankError.wrongOTP
    }

    private func auditCode(_ result: AuditEvent.Result, customer: CustomerRecord, purpose: String, detail: String,
                           client: ClientInfo, factors: FactorRecord, at now: Date) async throws {
        try await database.transaction { db in
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: purpose == "login" ? "login_otp" : purpose, result: result, actor: "customer",
                customerID: customer.id, loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
                factors: factors, detail: detail))
        }
    }

    func enqueueOTPNotice(_ db: any SQLDatabase, _ notice: OTPNotice, customer: CustomerRecord, at now: Date) async throws {
        let mail = composeMail(kind: "otp_\(notice.rawValue)", customerID: customer.id, to: [customer.pcEmail],
                               template: MailTemplates.compose {
                                   MailTemplates.otpNotice(notice, bankName: settings.bankName, at: now, language: $0)
                               }, urgent: true)
        try await OutboxRecords.enqueue(db, mail, at: now)
    }
}
