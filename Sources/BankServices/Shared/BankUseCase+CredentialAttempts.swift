import BankCore
import BankStore
import Foundation
import SQLKit

/// How an attempt at a credential is counted, for every credential alike.
///
/// A slow password (Argon2id: login, 確認用パスワード, staff password) is checked outside any
/// transaction, so its check holds a reservation (`claimCheck`) and is settled afterwards:
/// a wrong one counts one failure, a right one counts nothing and clears the count. A cheap
/// credential (OTP, 利用開始パスワード, メール通知パスワード, staff code) is checked inside one
/// transaction that holds the counter's row (`AttemptReservations.lockCounter`). Either way:
/// at most `limit` wrong answers are ever checked, however many arrive at once; a right
/// answer is never refused, counted or audited as wrong because others were in flight;
/// and a crash mid-check leaves no failure behind (its reservation expires).
extension BankUseCase {
    /// A hash of a password nobody has, verified against when the login ID is unknown (or
    /// the login is locked) so that every answer takes the same time.
    static var timingDummyHash: String { timingDummyPasswordHash }

    /// Claims a place to check a slow password. While every place is held by failures and
    /// checks in flight it waits for those to settle (tens of milliseconds each); only when
    /// none settles within `waitLimit` is the attempt answered `tryAgainLater`, unchecked and
    /// uncounted. Answers `.claimed` or `.locked`, never `.full`.
    func claimCheck(_ counter: AttemptCounter) async throws -> AttemptClaim {
        let policy = settings.lockout
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(policy.waitLimit * 1000)))
        var pause = 10
        while true {
            let now = clock.now()
            let claim = try await database.transaction { db in
                try await AttemptReservations.claim(db, counter, policy: policy, lifetime: policy.checkLifetime, at: now)
            }
            if claim != .full { return claim }
            guard ContinuousClock.now < deadline else { throw BankError.tryAgainLater }
            // Each claim is a write: back off (10 ms doubling to 250 ms) so that waiting requests
            // do not load the database they wait for, with a little randomness so that they do
            // not retry in step.
            try await Task.sleep(for: .milliseconds(pause + Int(random.bytes(1)[0] % 10)))
            pause = min(pause * 2, 250)
        }
    }

    /// Compares a typed password with its stored hash, for a check that claimed its place at
    /// `claimed`. An empty or overlong one is wrong without a look, after a hash of the same
    /// cost, so that the answer takes the same time. A check that outlived its place (its hash
    /// queued behind many others, say under a flood) no longer holds one of the limit's
    /// places, so its answer is withheld — `tryAgainLater`, right or wrong — and nothing counted.
    func passwordMatches(_ password: String, _ stored: String, placeClaimedAt claimed: ContinuousClock.Instant) async throws -> Bool {
        let matches = try await passwordMatches(password, stored)
        guard ContinuousClock.now - claimed < .milliseconds(Int64(settings.lockout.checkLifetime * 1000)) else {
            throw BankError.tryAgainLater
        }
        return matches
    }

    /// The comparison itself, for a check that holds no place (実行's, counted in its transaction).
    func passwordMatches(_ password: String, _ stored: String) async throws -> Bool {
        if password.isEmpty || password.count > 128 {
            _ = try await hasher.verify(password, against: Self.timingDummyHash)
            return false
        }
        return try await hasher.verify(password, against: stored)
    }

    /// Gives a claimed place back when the check could not be finished (an error on the way),
    /// so that the attempt counts as nothing rather than waiting for the place to expire.
    func releaseQuietly(_ reservation: AttemptReservation) async {
        do {
            try await database.transaction { db in try await AttemptReservations.release(db, reservation) }
        } catch {
            logger.warning("could not give back a credential check's place; it expires by itself",
                           metadata: ["error": "\(error)"])
        }
    }

    /// In the caller's transaction: the customer's answer was wrong. Its place (if any) is
    /// given back and one failure counted; the failure that reaches the limit locks the
    /// credential, is audited and mails the customer's PC address. Returns the state after it.
    func countWrong(_ db: any SQLDatabase, _ reservation: AttemptReservation?, customer: CustomerRecord,
                    credential: Credential, client: ClientInfo, at now: Date) async throws -> CredentialState {
        // The counter's row before the place, in the order a claim takes them.
        let state = try await CredentialRecords.recordFailure(db, customerID: customer.id, credential: credential,
                                                              policy: settings.lockout, at: now)
        if let reservation { try await AttemptReservations.release(db, reservation) }
        if state.failures == settings.lockout.limit {
            BankMetrics.lock("customer", credential: credential.rawValue)
            try await AuditRecords.write(db, .credentialLocked, .info, by: .system, customerID: customer.id,
                                         loginID: customer.loginID, client: client, detail: [.word(credential.rawValue)], at: now)
            try await enqueueLockNotice(db, credential: credential, customer: customer, at: now)
        }
        return state
    }

    /// In the caller's transaction: the customer's answer was right. Its place (if any) is
    /// given back and the count of consecutive failures starts again at zero.
    func countRight(_ db: any SQLDatabase, _ reservation: AttemptReservation?, customerID: Int64,
                    credential: Credential) async throws {
        try await CredentialRecords.reset(db, customerID: customerID, credential: credential)
        if let reservation { try await AttemptReservations.release(db, reservation) }
    }

    /// Tells the registered PC address that a credential was locked (the OTP keeps its own
    /// notice; the 利用開始パスワード voids the token and tells the mobile address instead).
    func enqueueLockNotice(_ db: any SQLDatabase, credential: Credential, customer: CustomerRecord, at now: Date) async throws {
        switch credential {
        case .otp:
            try await enqueueOTPNotice(db, .locked, customer: customer, at: now)
        case .activationPassword:
            return
        case .loginPassword, .confirmationPassword, .mailPassword:
            let mail = composeMail(kind: "credential_locked", customerID: customer.id, to: [customer.pcEmail],
                                   template: MailTemplates.compose {
                                       MailTemplates.lockNotice(credential, bankName: settings.bankName, at: now, language: $0)
                                   }, urgent: true)
            try await OutboxRecords.enqueue(db, mail, at: now)
        }
    }

    /// Tells the registered PC address of a change to its one-time password (also sent by the lock).
    func enqueueOTPNotice(_ db: any SQLDatabase, _ notice: OTPNotice, customer: CustomerRecord, at now: Date) async throws {
        let mail = composeMail(kind: "otp_\(notice.rawValue)", customerID: customer.id, to: [customer.pcEmail],
                               template: MailTemplates.compose {
                                   MailTemplates.otpNotice(notice, bankName: settings.bankName, at: now, language: $0)
                               }, urgent: true)
        try await OutboxRecords.enqueue(db, mail, at: now)
    }
}

/// Hashed once per process, on first use.
private let timingDummyPasswordHash: String = {
    let random = SystemRandomSource()
    // A libargon2 that cannot hash is a broken installation: better to stop than to
    // answer unknown IDs faster than real ones.
    return try! Argon2idHasher.hashNow(random.token256(), salt: random.bytes(16), memoryKiB: 19 * 1024,
                                       iterations: 2, parallelism: 1)
}()
