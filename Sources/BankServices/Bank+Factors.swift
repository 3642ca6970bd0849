import BankCore
import BankStore
import Foundation
import SQLKit

/// What the customer's security settings are now: the extra factor and its token.
public struct FactorOverview: Sendable, Equatable {
    public var state: ExtraFactorState
    public var token: OTPTokenRecord?
    public var mailPassword: MailPasswordSetting?
    public var otpLocked: Bool
}

extension Bank {
    /// The extra factor in force. An issued token whose set-up period ran out counts as
    /// gone even before the sweeper marks it expired.
    func extraFactorState(_ db: any SQLDatabase, customerID: Int64, at now: Date) async throws -> (ExtraFactorState, OTPTokenRecord?) {
        if try await MailPasswordSettingRecords.find(db, customerID: customerID) != nil { return (.mailPassword, nil) }
        guard let token = try await OTPTokenRecords.live(db, customerID: customerID) else { return (.none, nil) }
        switch token.status {
        case .active: return (.otpActive, token)
        case .issued where token.setupExpiresAt <= now: return (.none, nil)
        default: return (.otpPending(token.status), token)
        }
    }

    /// The customer and the extra factor in force, read together before a change they asked for.
    func customerAndFactor(_ customerID: Int64, at now: Date) async throws -> (CustomerRecord, ExtraFactorState) {
        let (customer, state) = try await database.read { db in
            (try await CustomerRecords.find(db, id: customerID), try await extraFactorState(db, customerID: customerID, at: now).0)
        }
        guard let customer else { throw BankError.customerNotFound }
        return (customer, state)
    }

    public func factorOverview(customerID: Int64) async throws -> FactorOverview {
        let now = clock.now()
        return try await database.read { db in
            let (state, token) = try await extraFactorState(db, customerID: customerID, at: now)
            return FactorOverview(
                state: state, token: token,
                mailPassword: try await MailPasswordSettingRecords.find(db, customerID: customerID),
                otpLocked: try await CredentialRecords.state(db, customerID: customerID, credential: .otp).isLocked)
        }
    }

    /// Checks the 確認用パスワード for a change the customer asked for. The check holds one of
    /// the lock's places while it runs (`claimCheck`); only a password found wrong counts as
    /// a failure, and a locked one is not checked at all. A right password clears the count
    /// at once, and is a success even if the change is then refused (a wrong メール通知パスワード,
    /// a duplicate payee, a transfer over the limit).
    /// `resetWhenRight: false` hands the right password's place to the caller, who must settle
    /// it (`countRight`) in its own transaction (as the transfer does) or after any refusal
    /// that follows (`releaseQuietly` is not enough: the count must start again at zero).
    @discardableResult
    func checkConfirmationPassword(_ customer: CustomerRecord, password: String, purpose: String,
                                   client: ClientInfo, factors: FactorRecord,
                                   resetWhenRight: Bool = true) async throws -> AttemptReservation? {
        let now = clock.now()
        let claim = try await claimCheck(.customer(customer.id, .confirmationPassword))
        let claimedAt = ContinuousClock.now
        guard case .claimed(let reservation) = claim else {
            _ = try await hasher.verify(password, against: Self.timingDummyHash)
            try await auditConfirmationPassword(customer, result: .refused, purpose: purpose, detail: "locked",
                                                client: client, factors: factors, at: now)
            throw BankError.credentialLocked(.confirmationPassword)
        }
        do {
            if try await passwordMatches(password, customer.confirmationPasswordHash, placeClaimedAt: claimedAt) {
                guard resetWhenRight else { return reservation }
                try await database.transaction { db in
                    try await countRight(db, reservation, customerID: customer.id, credential: .confirmationPassword)
                }
                return nil
            }
        } catch {
            await releaseQuietly(reservation)
            throw error
        }
        let state = try await database.transaction { db in
            let state = try await countWrong(db, reservation, customer: customer, credential: .confirmationPassword,
                                             client: client, at: now)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "confirmation_password", result: .failure, actor: "customer", customerID: customer.id,
                loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent, factors: factors,
                detail: "\(purpose) failures=\(state.failures)"))
            return state
        }
        if state.isLocked {
            mailNotifier.notify()
            throw BankError.credentialLocked(.confirmationPassword)
        }
        throw BankError.wrongConfirmationPassword
    }

    private func auditConfirmationPassword(_ customer: CustomerRecord, result: AuditEvent.Result, purpose: String,
                                           detail: String, client: ClientInfo, factors: FactorRecord,
                                           at now: Date) async throws {
        try await database.transaction { db in
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "confirmation_password", result: result, actor: "customer", customerID: customer.id,
                loginID: customer.loginID, ip: client.ip, userAgent: client.userAgent, factors: factors,
                detail: "\(purpose) \(detail)"))
        }
    }

    /// Runs a rule of ExtraFactorRules, turning its refusal into the bank's error.
    func enforce(_ rule: () throws(ExtraFactorRefusal) -> Void) throws {
        do throws(ExtraFactorRefusal) { try rule() } catch { throw BankError.factor(error) }
    }

    func requireSecretKeys() throws -> SecretKeyRing {
        guard let keys = settings.secretKeys else { throw BankError.secretKeysMissing }
        return keys
    }
}

extension Bank {
    /// The customer's extra factor, every token they ever had (newest first) and whether
    /// the OTP is locked: for the counter (kyoei admin otp show).
    public func otpHistory(loginID: String) async throws -> (ExtraFactorState, [OTPTokenRecord], Bool) {
        let now = clock.now()
        return try await database.read { db in
            guard let customer = try await CustomerRecords.find(db, loginID: CredentialPolicy.normalizeLoginID(loginID)) else {
                throw BankError.customerNotFound
            }
            return (try await extraFactorState(db, customerID: customer.id, at: now).0,
                    try await OTPTokenRecords.history(db, customerID: customer.id),
                    try await CredentialRecords.state(db, customerID: customer.id, credential: .otp).isLocked)
        }
    }
}
