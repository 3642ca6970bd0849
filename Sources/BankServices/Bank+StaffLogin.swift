import BankCore
import BankStore
import Foundation
import SQLKit

/// What the password step answers; every refusal is a `BankError.staff(…)`.
public enum StaffLoginResult: Sendable, Equatable {
    /// The password was right: a session that opens only the code screen, behind this cookie value.
    case otpRequired(cookie: String)
}

extension Bank {
    /// The back office's first step: staff ID and password. Staff always give a TOTP code
    /// next (`staffVerifyOTP`).
    ///
    /// Like the customers' login, every attempt is counted before it is checked and an attempt
    /// beyond the limit is not checked at all; an unknown or disabled staff ID gets the same
    /// answers (lock included) after a dummy hash of the same cost. Unlike the customers', one
    /// counter covers password and code, and a right password only takes back its own count:
    /// knowing the password must not buy a fresh set of guesses at the code.
    public func staffLogin(staffID rawStaffID: String, password: String, client: ClientInfo) async throws -> StaffLoginResult {
        let now = clock.now()
        let staffID = StaffPolicy.normalizeStaffID(rawStaffID)
        let limit = settings.lockout.limit
        let found = try await database.read { db in try await StaffRecords.find(db, staffID: staffID) }
        guard let staff = found, !staff.isDisabled else {
            let key = Self.unknownStaffKey(staffID)
            let failures = try await refuseUnknownIdentity(
                key: key, password: password, event: "staff_login", detail: "unknown_staff_id id_hash=\(key.prefix(8))",
                factors: .none, client: client, at: now)
            throw BankError.staff(failures >= limit ? .locked : .loginFailed)
        }

        let attempt = try await database.transaction { db in
            try await StaffRecords.recordFailure(db, id: staff.id, policy: settings.lockout, at: now)
        }
        let correct: Bool
        if attempt.failures > limit || password.isEmpty || password.count > 128 {
            _ = try await hasher.verify(password, against: Self.timingDummyHash)
            correct = false
        } else {
            correct = try await hasher.verify(password, against: staff.passwordHash)
        }
        guard correct else {
            try await database.transaction { db in
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "staff_login", result: attempt.failures > limit ? .refused : .failure, actor: staff.actor,
                    ip: client.ip, userAgent: client.userAgent,
                    detail: attempt.failures > limit ? "locked" : "wrong_password failures=\(attempt.failures)"))
                if attempt.failures == limit { try await auditStaffLocked(db, staff, client: client, at: now) }
            }
            throw BankError.staff(attempt.failures >= limit ? .locked : .loginFailed)
        }

        if hasher.needsRehash(staff.passwordHash) {
            let upgraded = try await hasher.hash(password)
            try await database.transaction { db in try await StaffRecords.updatePasswordHash(db, id: staff.id, hash: upgraded) }
        }
        let cookie = random.token256()
        try await database.transaction { db in
            try await StaffRecords.forgiveAttempt(db, id: staff.id, policy: settings.lockout)
            try await StaffSessionRecords.insert(db, StaffSessionRecord(
                tokenHash: Self.sha256Hex(cookie), staffRowID: staff.id, stage: .password, csrfToken: random.token256(),
                createdAt: now, lastSeenAt: now, ip: client.ip, userAgent: client.userAgent))
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "staff_login_password", result: .success, actor: staff.actor, ip: client.ip,
                userAgent: client.userAgent, detail: "otp_required"))
        }
        return .otpRequired(cookie: cookie)
    }

    /// The second step: the code from the member of staff's authenticator app. On success the
    /// waiting session is replaced by a new one (a new cookie value, returned) that opens the
    /// back office. ±1 step for clock drift; a code, or an older one, is never accepted twice.
    /// Wrong codes count on the same counter as wrong passwords; at the limit the session ends.
    public func staffVerifyOTP(cookie: String, code: String, client: ClientInfo) async throws -> String {
        guard Self.isCookieValue(cookie) else { throw BankError.staff(.loginExpired) }
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
            try await endStaffSession(session, state: state, at: now)
            throw BankError.staff(.loginExpired)
        }
        let secret = try requireSecretKeys().open(staff.totpSecretSealed, associatedData: Self.staffSecretContext(staff.staffID))
        let limit = settings.lockout.limit
        let attempt = try await database.transaction { db in
            try await StaffRecords.recordFailure(db, id: staff.id, policy: settings.lockout, at: now)
        }
        var reason = attempt.failures > limit ? "locked" : "wrong_code failures=\(attempt.failures)"
        if attempt.failures <= limit,
           let step = TOTP.verify(code: code, secret: secret, at: now, lastAcceptedStep: staff.lastAcceptedStep,
                                  window: settings.staff.totpWindow, parameters: settings.staff.totp) {
            let newCookie = random.token256()
            let accepted = try await database.transaction { db -> Bool in
                guard try await StaffRecords.acceptStep(db, id: staff.id, step: step),
                      try await StaffSessionRecords.delete(db, tokenHash: tokenHash) else { return false }
                try await StaffSessionRecords.insert(db, StaffSessionRecord(
                    tokenHash: Self.sha256Hex(newCookie), staffRowID: staff.id, stage: .authenticated,
                    csrfToken: random.token256(), createdAt: session.createdAt, lastSeenAt: now, ip: client.ip,
                    userAgent: client.userAgent))
                try await StaffRecords.reset(db, id: staff.id)
                try await AuditRecords.append(db, AuditEvent(
                    at: now, event: "staff_login", result: .success, actor: staff.actor, ip: client.ip,
                    userAgent: client.userAgent, detail: "otp step=\(step)"))
                return true
            }
            if accepted { return newCookie }
            reason = "replayed_or_raced failures=\(attempt.failures)"
        }
        try await database.transaction { db in
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "staff_login_otp", result: attempt.failures > limit ? .refused : .failure, actor: staff.actor,
                ip: client.ip, userAgent: client.userAgent, detail: reason))
            if attempt.failures == limit { try await auditStaffLocked(db, staff, client: client, at: now) }
            // Locked: every login of theirs waiting for a code ends, so none can be tried further.
            if attempt.failures >= limit { try await StaffSessionRecords.deleteWaiting(db, staffRowID: staff.id) }
        }
        throw BankError.staff(attempt.failures >= limit ? .locked : .wrongCode)
    }

    /// The lock is reached: audited, and every login of theirs waiting for a code ends.
    private func auditStaffLocked(_ db: any SQLDatabase, _ staff: StaffRecord, client: ClientInfo, at now: Date) async throws {
        try await StaffSessionRecords.deleteWaiting(db, staffRowID: staff.id)
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "staff_locked", result: .info, actor: "system", ip: client.ip, userAgent: client.userAgent,
            detail: "staff_id=\(staff.staffID)"))
    }

    /// 64 hex digits: anything else is not a cookie this bank handed out.
    static func isCookieValue(_ value: String) -> Bool {
        value.utf8.count == 64 && value.allSatisfy(\.isHexDigit)
    }
}
