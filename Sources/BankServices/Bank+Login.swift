import BankCore
import BankStore
import Foundation

/// What a successful login hands to the web layer: the cookie value (only ever held by the
/// browser; the database keeps its hash) and the session's CSRF token.
public struct SessionTicket: Sendable, Equatable {
    public var cookieValue: String
    public var csrfToken: String
    public var stage: SessionStage
}

public enum LoginOutcome: Sendable, Equatable {
    case success(SessionTicket)
    /// Same answer for an unknown login ID and a wrong password.
    case invalidCredentials
    /// Too many consecutive failures: the customer must contact the bank.
    case locked
    /// The password was right but the one-time password is locked: contact the bank.
    case otpLocked
    /// Checks of this login were in flight for longer than an attempt waits: nothing was
    /// checked or counted; try again.
    case tryAgainLater
}

extension Bank {
    /// A hash of a password nobody has, verified against when the login ID is unknown (or
    /// the login is locked) so that every answer takes the same time.
    static let timingDummyHash: String = {
        let random = SystemRandomSource()
        // A libargon2 that cannot hash is a broken installation: better to stop than to
        // answer unknown IDs faster than real ones.
        return try! Argon2idHasher.hashNow(random.token256(), salt: random.bytes(16), memoryKiB: 19 * 1024,
                                           iterations: 2, parallelism: 1)
    }()

    /// Logs a customer in with login ID and login password.
    ///
    /// The check holds one of the lock's places while it runs (`claimCheck`): however many
    /// requests arrive at once, at most `limit` wrong passwords are ever checked, and a right
    /// one is never refused or counted because others were in flight. Only a password found
    /// wrong counts as a failure; a right one clears the count.
    public func login(loginID rawLoginID: String, password: String, client: ClientInfo) async throws -> LoginOutcome {
        let now = clock.now()
        let loginID = CredentialPolicy.normalizeLoginID(rawLoginID)
        let limit = settings.lockout.limit
        let customer = try await database.read { db in try await CustomerRecords.find(db, loginID: loginID) }

        guard let customer, customer.status == "active" else {
            let loginIDHash = Self.sha256Hex(loginID)
            let failures = try await refuseUnknownIdentity(
                key: loginIDHash, password: password, event: "login",
                detail: "unknown_login_id id_hash=\(loginIDHash.prefix(8))",
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
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "login", result: .refused, actor: "customer", customerID: customer.id, loginID: loginID,
                    ip: client.ip, userAgent: client.userAgent, factors: factors, detail: "locked"))
            }
            return .locked
        }
        do {
            return try await loginChecked(customer, password: password, reservation: reservation, claimedAt: claimedAt,
                                          factors: factors, client: client, at: now)
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
                              at now: Date) async throws -> LoginOutcome {
        let loginID = customer.loginID
        let presented = factors.presented
        guard try await passwordMatches(password, customer.loginPasswordHash, placeClaimedAt: claimedAt) else {
            let state = try await database.transaction { db in
                let state = try await countWrong(db, reservation, customer: customer, credential: .loginPassword,
                                                 client: client, at: now)
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "login", result: .failure, actor: "customer", customerID: customer.id, loginID: loginID,
                    ip: client.ip, userAgent: client.userAgent, factors: factors,
                    detail: "wrong_password failures=\(state.failures)"))
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
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "login", result: .refused, actor: "customer", customerID: customer.id, loginID: loginID,
                    ip: client.ip, userAgent: client.userAgent, factors: loginFactors, detail: "otp_locked"))
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
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: needsOTP ? "login_password" : "login", result: .success, actor: "customer",
                customerID: customer.id, loginID: loginID, ip: client.ip, userAgent: client.userAgent, factors: loginFactors,
                detail: needsOTP ? "otp_required" : ""))
        }
        return .success(SessionTicket(cookieValue: cookieValue, csrfToken: csrfToken, stage: session.stage))
    }

    /// An unknown (or closed) ID gets what a wrong password gets — a counted attempt, a hash
    /// of the same cost, the same lock — so IDs cannot be discovered. The typed ID is not
    /// kept, only a hash: people type passwords into the ID field. Returns the failure count.
    func refuseUnknownIdentity(key: String, password: String, event: String, detail: String, factors: FactorRecord,
                               client: ClientInfo, at now: Date) async throws -> Int {
        let failures = try await database.transaction { db in
            try await CredentialRecords.recordUnknownFailure(db, loginIDHash: key, at: now)
        }
        _ = try await hasher.verify(password, against: Self.timingDummyHash)
        try await database.transaction { db in
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: event, result: failures > settings.lockout.limit ? .refused : .failure, actor: "anonymous",
                ip: client.ip, userAgent: client.userAgent, factors: factors, detail: "\(detail) failures=\(failures)"))
        }
        return failures
    }
}
