import BankCore
import BankStore
import Foundation

/// The customer's login: the password step, and (with the OTP on) the code step.
public struct LoginService: BankUseCase {
    public let context: BankContext

    /// Logs a customer in with login ID and login password.
    ///
    /// The check holds one of the lock's places while it runs (`claimCheck`): however many
    /// requests arrive at once, at most `limit` wrong passwords are ever checked, and a right
    /// one is never refused or counted because others were in flight. Only a password found
    /// wrong counts as a failure; a right one clears the count.
    /// `browser` is the value of the browser's long-lived cookie (`KnownBrowser`; nil: none yet),
    /// for the ログインのお知らせ of a login that needs no code.
    public func checkPassword(loginID rawLoginID: String, password: String, client: ClientInfo,
                              browser: String? = nil) async throws -> LoginOutcome {
        let outcome = try await passwordStep(loginID: rawLoginID, password: password, client: client, browser: browser)
        BankMetrics.login("customer", step: "password", outcome: outcome.metricLabel)
        return outcome
    }

    private func passwordStep(loginID rawLoginID: String, password: String, client: ClientInfo,
                              browser: String?) async throws -> LoginOutcome {
        let now = clock.now()
        let loginID = CredentialPolicy.normalizeLoginID(rawLoginID)
        let limit = settings.lockout.limit
        let customer = try await database.read { db in try await CustomerRecords.find(db, loginID: loginID) }

        guard let customer, customer.status.isActive else {
            let loginIDHash = Self.sha256Hex(loginID)
            let failures = try await refuseUnknownIdentity(
                key: loginIDHash, password: password, event: .login,
                detail: [.code(.unknownLoginID), .field(.idHash, loginIDHash.prefix(8))],
                factors: FactorRecord(inForce: [], presented: [.loginPassword]), client: client, at: now)
            return failures >= limit ? .locked : .invalidCredentials
        }

        let inForce: [Credential] = [.loginPassword]
        let presented: [Credential] = [.loginPassword]
        let factors = FactorRecord(inForce: inForce, presented: presented)
        let claim: AttemptClaim
        do {
            claim = try await claimCheck(.customer(customer.id, .loginPassword))
        } catch BankError.tryAgainLater {
            return .tryAgainLater
        }
        let claimedAt = ContinuousClock.now
        guard case .claimed(let reservation) = claim else {
            // Locked by wrong passwords before this one arrived: not checked, same time taken.
            _ = try await hasher.verify(password, against: Self.timingDummyHash)
            try await database.transaction { db in
                try await AuditRecords.write(db, .login, .refused, by: .customer, customerID: customer.id,
                    loginID: loginID, client: client, factors: factors, detail: [.code(.locked)], at: now)
            }
            return .locked
        }
        do {
            return try await loginChecked(customer, password: password, reservation: reservation, claimedAt: claimedAt,
                                          factors: factors, client: client, browser: browser, at: now)
        } catch BankError.tryAgainLater {
            await releaseQuietly(reservation)
            return .tryAgainLater
        } catch {
            await releaseQuietly(reservation)
            throw error
        }
    }

    /// The login once its check holds a place: the password, then the session.
    private func loginChecked(_ customer: CustomerRecord, password: String, reservation: AttemptReservation,
                              claimedAt: ContinuousClock.Instant, factors: FactorRecord, client: ClientInfo,
                              browser: String?, at now: Date) async throws -> LoginOutcome {
        let loginID = customer.loginID
        let presented = factors.presented
        guard try await passwordMatches(password, customer.loginPasswordHash, placeClaimedAt: claimedAt) else {
            let state = try await database.transaction { db in
                let state = try await countWrong(db, reservation, customer: customer, credential: .loginPassword,
                                                 client: client, at: now)
                try await AuditRecords.write(db, .login, .failure, by: .customer, customerID: customer.id,
                    loginID: loginID, client: client, factors: factors,
                    detail: [.code(.wrongPassword), .field(.failures, state.failures)], at: now)
                return state
            }
            if state.isLocked { mailNotifier.notify() }
            return state.isLocked ? .locked : .invalidCredentials
        }

        if hasher.needsRehash(customer.loginPasswordHash) {
            let upgraded = try await hasher.hash(password)
            try await database.transaction { db in
                try await CustomerRecords.updatePasswordHash(db, customerID: customer.id, credential: .loginPassword, hash: upgraded)
            }
        }

        // With the OTP on, the password only opens the ワンタイムパスワード認証画面.
        let (extraFactor, otpLocked) = try await database.read { db in
            (try await extraFactorState(db, customerID: customer.id, at: now).0,
             try await CredentialRecords.state(db, customerID: customer.id, credential: .otp).isLocked)
        }
        let loginFactors = FactorRecord(
            inForce: extraFactor.loginFactors + (extraFactor == .mailPassword ? [.mailPassword] : []), presented: presented)
        let needsOTP = extraFactor == .otpActive
        if needsOTP && otpLocked {
            try await database.transaction { db in
                try await countRight(db, reservation, customerID: customer.id, credential: .loginPassword)
                try await AuditRecords.write(db, .login, .refused, by: .customer, customerID: customer.id,
                    loginID: loginID, client: client, factors: loginFactors, detail: [.code(.otpLocked)], at: now)
            }
            return .otpLocked
        }
        let cookieValue = random.token256()
        let csrfToken = random.token256()
        let session = SessionRecord(
            tokenHash: Self.sha256Hex(cookieValue), customerID: customer.id, stage: needsOTP ? .otpPending : .authenticated,
            csrfToken: csrfToken, factorsPresented: presented, ip: client.ip, userAgent: client.userAgent,
            createdAt: now, lastSeenAt: now)
        try await database.transaction { db in
            try await countRight(db, reservation, customerID: customer.id, credential: .loginPassword)
            // 前回ログイン日時 moves only when the whole login is done.
            if !needsOTP { try await CustomerRecords.recordLogin(db, customerID: customer.id, at: now) }
            try await SessionRecords.insert(db, session)
            try await AuditRecords.write(db, needsOTP ? .loginPassword : .login, .success, by: .customer,
                                         customerID: customer.id, loginID: loginID, client: client, factors: loginFactors,
                                         detail: needsOTP ? [.code(.otpRequired)] : .none, at: now)
            // The password alone is not a login yet when a code must follow: the notice waits for it.
            if !needsOTP {
                try await noteFullLogin(db, customer, sessionHash: session.tokenHash, browser: browser, client: client, at: now)
            }
        }
        if !needsOTP { mailNotifier.notify() }
        return .success(SessionTicket(cookieValue: cookieValue, csrfToken: csrfToken, stage: session.stage))
    }
}
