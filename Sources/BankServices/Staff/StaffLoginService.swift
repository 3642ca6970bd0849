import BankCore
import BankStore
import Foundation
import SQLKit

/// The back office's login: password, then the code of the member of staff's authenticator app.
public struct StaffLoginService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

extension StaffLoginService {
    /// The back office's first step: staff ID and password. Staff always give a TOTP code
    /// next (`verifyCode`).
    ///
    /// Like the customers' login, the check holds one of the lock's places while it runs and
    /// only a password found wrong is counted; a locked one is not checked at all; an unknown
    /// or disabled staff ID gets the same answers (lock included) after a dummy hash of the
    /// same cost. Unlike the customers', one counter covers password and code, and a right
    /// password clears nothing: knowing the password must not buy a fresh set of guesses at
    /// the code.
    public func logIn(staffID rawStaffID: String, password: String, client: ClientInfo) async throws -> StaffLoginResult {
        try await BankMetrics.staffLogin(step: "password", otpRequired: true) {
            try await passwordStep(staffID: rawStaffID, password: password, client: client)
        }
    }

    private func passwordStep(staffID rawStaffID: String, password: String, client: ClientInfo) async throws -> StaffLoginResult {
        let now = clock.now()
        let staffID = StaffPolicy.normalizeStaffID(rawStaffID)
        let limit = settings.lockout.limit
        let found = try await database.read { db in try await StaffRecords.find(db, staffID: staffID) }
        guard let staff = found, !staff.isDisabled else {
            let key = StaffService.unknownStaffKey(staffID)
            let failures = try await refuseUnknownIdentity(
                key: key, password: password, event: .staffLogin, detail: [.code(.unknownStaffID), .field(.idHash, key.prefix(8))],
                factors: .none, client: client, at: now)
            throw BankError.staff(failures >= limit ? .locked : .loginFailed)
        }

        let claim: AttemptClaim
        do {
            claim = try await claimCheck(.staff(staff.id))
        } catch BankError.tryAgainLater {
            throw BankError.staff(.tryAgainLater)
        }
        let claimedAt = ContinuousClock.now
        guard case .claimed(let reservation) = claim else {
            _ = try await hasher.verify(password, against: Self.timingDummyHash)
            try await database.transaction { db in
                try await AuditRecords.write(db, .staffLogin, .refused, by: .staff(staff.staffID), client: client,
                    detail: [.code(.locked)], at: now)
            }
            throw BankError.staff(.locked)
        }
        do {
            return try await staffLoginChecked(staff, password: password, reservation: reservation, claimedAt: claimedAt,
                                               client: client, at: now)
        } catch BankError.tryAgainLater {
            await releaseQuietly(reservation)
            throw BankError.staff(.tryAgainLater)
        } catch {
            await releaseQuietly(reservation)
            throw error
        }
    }

    /// The password step once its check holds a place.
    private func staffLoginChecked(_ staff: StaffRecord, password: String, reservation: AttemptReservation,
                                   claimedAt: ContinuousClock.Instant, client: ClientInfo,
                                   at now: Date) async throws -> StaffLoginResult {
        guard try await passwordMatches(password, staff.passwordHash, placeClaimedAt: claimedAt) else {
            let locked = try await database.transaction { db -> Bool in
                let attempt = try await StaffRecords.recordFailure(db, id: staff.id, policy: settings.lockout, at: now)
                try await AttemptReservations.release(db, reservation)
                try await AuditRecords.write(db, .staffLogin, .failure, by: .staff(staff.staffID), client: client,
                    detail: [.code(.wrongPassword), .field(.failures, attempt.failures)], at: now)
                if attempt.failures == settings.lockout.limit { try await auditStaffLocked(db, staff, client: client, at: now) }
                return attempt.lockedAt != nil
            }
            throw BankError.staff(locked ? .locked : .loginFailed)
        }

        if hasher.needsRehash(staff.passwordHash) {
            let upgraded = try await hasher.hash(password)
            try await database.transaction { db in try await StaffRecords.updatePasswordHash(db, id: staff.id, hash: upgraded) }
        }
        let cookie = random.token256()
        try await database.transaction { db in
            // A right password counts nothing, and clears nothing either: failed codes stay
            // counted, or knowing the password would buy a fresh set of guesses at the code.
            try await AttemptReservations.release(db, reservation)
            try await StaffSessionRecords.insert(db, StaffSessionRecord(
                tokenHash: Self.sha256Hex(cookie), staffRowID: staff.id, stage: .password, csrfToken: random.token256(),
                createdAt: now, lastSeenAt: now, ip: client.ip, userAgent: client.userAgent))
            try await AuditRecords.write(db, .staffLoginPassword, .success, by: .staff(staff.staffID), client: client,
                detail: [.code(.otpRequired)], at: now)
        }
        return .otpRequired(cookie: cookie)
    }

    /// The second step: the code from the member of staff's authenticator app. On success the
    /// waiting session is replaced by a new one (a new cookie value, returned) that opens the
    /// back office. ±1 step for clock drift; a code, or an older one, is never accepted twice.
    /// Wrong codes count on the same counter as wrong passwords; at the limit the session ends.
    public func verifyCode(cookie: String, code: String, client: ClientInfo) async throws -> String {
        try await BankMetrics.staffLogin(step: "otp", otpRequired: false) {
            try await codeStep(cookie: cookie, code: code, client: client)
        }
    }

    private func codeStep(cookie: String, code: String, client: ClientInfo) async throws -> String {
        guard SessionCookie.isWellFormed(cookie) else { throw BankError.staff(.loginExpired) }
        let now = clock.now()
        let tokenHash = Self.sha256Hex(cookie)
        let found = try await database.read { db -> (StaffSessionRecord, StaffRecord)? in
            guard let session = try await StaffSessionRecords.find(db, tokenHash: tokenHash), session.stage == .password,
                  let staff = try await StaffRecords.find(db, id: session.staffRowID), !staff.isDisabled else { return nil }
            return (session, staff)
        }
        guard let (session, staff) = found else { throw BankError.staff(.loginExpired) }
        let state = settings.staff.sessions.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now)
        guard state == .active else {
            try await SessionService<StaffSessions>(context: context).end(session, state: state, at: now)
            throw BankError.staff(.loginExpired)
        }
        let secret = try requireSecretKeys().open(staff.totpSecretSealed, associatedData: StaffService.staffSecretContext(staff.staffID))
        // One transaction holds the staff counter (an HMAC is cheap): the lock, the code and its
        // count commit together, so codes sent at once take turns and a crash counts nothing.
        let newCookie = random.token256()
        enum Check: Sendable { case accepted, alreadyUsed, wrong(locked: Bool), locked }
        let check = try await database.transaction { db -> Check in
            func audit(_ result: AuditEvent.Result, _ detail: AuditDetail) async throws {
                try await AuditRecords.write(db, .staffLoginOTP, result, by: .staff(staff.staffID), client: client,
                                             detail: detail, at: now)
            }
            let (_, locked) = try await AttemptReservations.lockCounter(db, .staff(staff.id))
            if locked {
                try await audit(.refused, [.code(.locked)])
                try await StaffSessionRecords.deleteWaiting(db, staffRowID: staff.id)
                return .locked
            }
            let current = try await StaffRecords.find(db, id: staff.id)?.lastAcceptedStep
            if let step = TOTP.verify(code: code, secret: secret, at: now, lastAcceptedStep: current,
                                      window: settings.staff.totpWindow, parameters: settings.staff.totp),
               try await StaffRecords.acceptStep(db, id: staff.id, step: step),
               try await StaffSessionRecords.delete(db, tokenHash: tokenHash) {
                try await StaffSessionRecords.insert(db, StaffSessionRecord(
                    tokenHash: Self.sha256Hex(newCookie), staffRowID: staff.id, stage: .authenticated,
                    csrfToken: random.token256(), createdAt: session.createdAt, lastSeenAt: now, ip: client.ip,
                    userAgent: client.userAgent))
                try await StaffRecords.reset(db, id: staff.id)
                try await AuditRecords.write(db, .staffLogin, .success, by: .staff(staff.staffID), client: client,
                    detail: [.code(.otp), .field(.step, step)], at: now)
                return .accepted
            }
            if TOTP.verify(code: code, secret: secret, at: now, lastAcceptedStep: nil,
                           window: settings.staff.totpWindow, parameters: settings.staff.totp) != nil {
                try await audit(.refused, [.code(.codeAlreadyUsed)])
                return .alreadyUsed
            }
            let attempt = try await StaffRecords.recordFailure(db, id: staff.id, policy: settings.lockout, at: now)
            try await audit(.failure, [.code(.wrongCode), .field(.failures, attempt.failures)])
            if attempt.failures == settings.lockout.limit { try await auditStaffLocked(db, staff, client: client, at: now) }
            // Locked: every login of theirs waiting for a code ends, so none can be tried further.
            if attempt.lockedAt != nil { try await StaffSessionRecords.deleteWaiting(db, staffRowID: staff.id) }
            return .wrong(locked: attempt.lockedAt != nil)
        }
        switch check {
        case .accepted: return newCookie
        case .alreadyUsed: throw BankError.staff(.codeAlreadyUsed)
        case .wrong(locked: false): throw BankError.staff(.wrongCode)
        case .wrong(locked: true), .locked: throw BankError.staff(.locked)
        }
    }

    /// The lock is reached: audited, and every login of theirs waiting for a code ends.
    private func auditStaffLocked(_ db: any SQLDatabase, _ staff: StaffRecord, client: ClientInfo, at now: Date) async throws {
        try await StaffSessionRecords.deleteWaiting(db, staffRowID: staff.id)
        BankMetrics.lock("staff", credential: "staff_login")
        try await AuditRecords.write(db, .staffLocked, .info, by: .system, client: client,
            detail: [.field(.staffID, staff.staffID)], at: now)
    }
}
