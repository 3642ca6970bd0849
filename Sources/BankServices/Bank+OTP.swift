import BankCore
import BankStore
import Foundation
import SQLKit

public enum OTPLoginOutcome: Sendable, Equatable {
    /// The code passed: a new session (new cookie) that may reach the menu.
    case success(SessionTicket)
    case wrongCode
    /// The code was right but already used (another tab, a double click): wait for the next.
    case alreadyUsed
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
        guard token.secretSealed != nil else { throw BankError.factor(.tokenNotSetUp) }
        let factors = FactorRecord(inForce: state.factorsInForce, presented: [.loginPassword, .otp])
        let outcome = try await checkCode(code, tokenID: token.id, customer: customer, activating: true,
                                          purpose: "otp_activation", client: client, factors: factors, at: now) { db, step in
            if let sessionCookie {
                try await SessionRecords.addFactor(db, tokenHash: Self.sha256Hex(sessionCookie), .otp)
            }
            try await enqueueOTPNotice(db, .activated, customer: customer, at: now)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "otp_activated", result: .success, actor: "customer", customerID: customerID,
                loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent,
                factors: FactorRecord(inForce: ExtraFactorState.otpActive.factorsInForce, presented: factors.presented),
                detail: "user_id=\(token.userID) step=\(step)"))
        }
        mailNotifier.notify()
        switch outcome {
        case .accepted: return
        case .alreadyUsed: throw BankError.otpAlreadyUsed
        case .wrong(locked: false): throw BankError.wrongOTP
        case .wrong(locked: true), .locked: throw BankError.credentialLocked(.otp)
        case .tokenGone: throw BankError.factor(.noTokenIssued)
        }
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
        let cookie = random.token256()
        let csrf = random.token256()
        let outcome = try await checkCode(code, tokenID: token.id, customer: customer, activating: false, purpose: "login",
                                          client: client, factors: factors, at: now) { db, step -> Bool in
            // The waiting session is used once: a second tab that passed the same step loses here.
            guard try await SessionRecords.delete(db, tokenHash: tokenHash) else { return false }
            try await SessionRecords.insert(db, SessionRecord(
                tokenHash: Self.sha256Hex(cookie), customerID: customer.id, stage: .authenticated, csrfToken: csrf,
                factorsPresented: [.loginPassword, .otp], ip: client.ip, userAgent: client.userAgent,
                createdAt: session.createdAt, lastSeenAt: now))
            try await CustomerRecords.recordLogin(db, customerID: customer.id, at: now)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "login", result: .success, actor: "customer", customerID: customer.id, loginID: customer.loginID,
                ip: client.ip, userAgent: client.userAgent, factors: factors, detail: "otp step=\(step)"))
            return true
        }
        switch outcome {
        case .accepted(let sessionReplaced):
            return sessionReplaced ? .success(SessionTicket(cookieValue: cookie, csrfToken: csrf, stage: .authenticated))
                                   : .noPendingLogin
        case .alreadyUsed: return .alreadyUsed
        case .wrong(locked: false): return .wrongCode
        case .wrong(locked: true), .locked:
            mailNotifier.notify()
            _ = try await database.transaction { db in try await SessionRecords.delete(db, tokenHash: tokenHash) }
            return .locked
        case .tokenGone: return .noPendingLogin
        }
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

    /// What a code check found.
    enum CodeOutcome<T: Sendable>: Sendable {
        /// The code was right and its step recorded; `T` is what the caller's work returned.
        case accepted(T)
        /// Right, but its step (or a later one) was used already: a second tab, a double
        /// click, a code typed twice in one minute. Not counted.
        case alreadyUsed
        /// Wrong: counted; `locked` when this failure reached the limit.
        case wrong(locked: Bool)
        /// Locked by wrong codes before this one arrived: not checked.
        case locked
        /// The token is no longer in the state this step needs (ended meanwhile).
        case tokenGone
    }

    /// Checks a code in one transaction that holds the customer's OTP counter, so that codes
    /// arriving together take turns: the lock, the token as it is now (its last used step),
    /// the code, and the answer — the step recorded and `onAccepted` run, or the failure
    /// counted — commit together. An HMAC is cheap, so nothing is reserved: a crash rolls all
    /// of it back. If `onAccepted` throws, nothing of the check is kept.
    func checkCode<T: Sendable>(_ code: String, tokenID: Int64, customer: CustomerRecord, activating: Bool, purpose: String,
                                client: ClientInfo, factors: FactorRecord, at now: Date,
                                onAccepted: (any SQLDatabase, Int64) async throws -> T) async throws -> CodeOutcome<T> {
        let keys = try requireSecretKeys()
        let event = purpose == "login" ? "login_otp" : purpose
        func audit(_ db: any SQLDatabase, _ result: AuditEvent.Result, _ detail: String) async throws {
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: event, result: result, actor: "customer", customerID: customer.id, loginID: customer.loginID,
                ip: client.ip, userAgent: client.userAgent, factors: factors, detail: detail))
        }
        return try await database.transaction { db -> CodeOutcome<T> in
            // The customer's row first, then the counter, then the token: the order every change
            // of factors takes them in (a lost-phone reset, 利用開始), so that none deadlocks.
            try await CustomerRecords.lockForChange(db, customerID: customer.id)
            let (_, locked) = try await AttemptReservations.lockCounter(db, .customer(customer.id, .otp))
            if locked {
                try await audit(db, .refused, "locked")
                return .locked
            }
            guard let token = try await OTPTokenRecords.find(db, id: tokenID),
                  token.status == (activating ? .provisioned : .active), let sealed = token.secretSealed else {
                return .tokenGone
            }
            let secret = try keys.open(sealed, associatedData: Self.tokenSecretContext(token.id))
            let parameters = settings.otp.parameters
            if let step = TOTP.verify(code: code, secret: secret, at: now, lastAcceptedStep: token.lastAcceptedStep,
                                      window: settings.otp.window, parameters: parameters),
               try await OTPTokenRecords.acceptStep(db, id: token.id, step: step, activating: activating, at: now) {
                try await countRight(db, nil, customerID: customer.id, credential: .otp)
                return .accepted(try await onAccepted(db, step))
            }
            if TOTP.verify(code: code, secret: secret, at: now, lastAcceptedStep: nil, window: settings.otp.window,
                           parameters: parameters) != nil {
                try await audit(db, .refused, "code_already_used")
                return .alreadyUsed
            }
            let state = try await countWrong(db, nil, customer: customer, credential: .otp, client: client, at: now)
            try await audit(db, .failure, "wrong_otp failures=\(state.failures)")
            return .wrong(locked: state.isLocked)
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
