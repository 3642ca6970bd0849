import BankCore
import BankStore
import Foundation
import SQLKit

/// What a staff cookie stands for on this request.
public enum StaffSessionResolution: Sendable, Equatable {
    /// Password and code given: the back office opens.
    case active(StaffSessionRecord, StaffRecord)
    /// Password given, code still owed: only the code screen opens.
    case otpPending(StaffSessionRecord, StaffRecord)
    /// The session ran out (idle or absolute limit of `StaffPolicy`); it is ended and audited.
    case expired
    /// No such session (never, logged out, or its member of staff was disabled).
    case none
}

extension Bank {
    /// Looks up the staff session behind a cookie value; a live one has its idle clock restarted.
    public func resolveStaffSession(cookie: String, client: ClientInfo) async throws -> StaffSessionResolution {
        guard Self.isCookieValue(cookie) else { return .none }
        let now = clock.now()
        let tokenHash = Self.sha256Hex(cookie)
        return try await database.transaction { db in
            guard let session = try await StaffSessionRecords.find(db, tokenHash: tokenHash) else { return .none }
            let state = settings.staff.sessions.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now)
            guard state == .active else {
                if try await StaffSessionRecords.delete(db, tokenHash: tokenHash) {
                    try await auditStaffTimeout(db, session: session, state: state, at: now)
                }
                return .expired
            }
            guard let staff = try await StaffRecords.find(db, id: session.staffRowID), !staff.isDisabled else {
                try await StaffSessionRecords.delete(db, tokenHash: tokenHash)
                return .none
            }
            try await StaffSessionRecords.touch(db, tokenHash: tokenHash, at: now)
            var touched = session
            touched.lastSeenAt = now
            return session.stage == .authenticated ? .active(touched, staff) : .otpPending(touched, staff)
        }
    }

    /// ログアウト: the session's row is deleted and the logout audited.
    public func staffLogout(cookie: String, client: ClientInfo) async throws {
        guard Self.isCookieValue(cookie) else { return }
        let now = clock.now()
        let tokenHash = Self.sha256Hex(cookie)
        try await database.transaction { db in
            guard let session = try await StaffSessionRecords.find(db, tokenHash: tokenHash),
                  try await StaffSessionRecords.delete(db, tokenHash: tokenHash) else { return }
            let staff = try await StaffRecords.find(db, id: session.staffRowID)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "staff_logout", result: .success, actor: staff?.actor ?? "staff:?", ip: client.ip,
                userAgent: client.userAgent))
        }
    }

    /// Ends every staff session that ran out, auditing each (`kyoei serve` runs it every minute).
    @discardableResult
    public func sweepExpiredStaffSessions() async throws -> Int {
        let now = clock.now()
        let policy = settings.staff.sessions
        return try await database.transaction { db in
            var ended = 0
            for session in try await StaffSessionRecords.expired(
                db, idleCutoff: now.addingTimeInterval(-policy.idleTimeout), absoluteCutoff: now.addingTimeInterval(-policy.absoluteTimeout))
            where try await StaffSessionRecords.delete(db, tokenHash: session.tokenHash) {
                let state = policy.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now)
                try await auditStaffTimeout(db, session: session, state: state, at: now)
                ended += 1
            }
            return ended
        }
    }

    /// Ends a session found run out outside `resolveStaffSession` (the code step).
    func endStaffSession(_ session: StaffSessionRecord, state: SessionPolicy.State, at now: Date) async throws {
        try await database.transaction { db in
            if try await StaffSessionRecords.delete(db, tokenHash: session.tokenHash) {
                try await auditStaffTimeout(db, session: session, state: state, at: now)
            }
        }
    }

    private func auditStaffTimeout(_ db: any SQLDatabase, session: StaffSessionRecord, state: SessionPolicy.State,
                                   at now: Date) async throws {
        let staff = try await StaffRecords.find(db, id: session.staffRowID)
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "staff_session_timeout", result: .info, actor: staff?.actor ?? "staff:?", ip: session.ip,
            userAgent: session.userAgent, detail: state == .absoluteExpired ? "absolute" : "idle"))
    }
}
