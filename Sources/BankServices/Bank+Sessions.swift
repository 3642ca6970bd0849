import BankCore
import BankStore
import Foundation
import SQLKit

public enum SessionResolution: Sendable, Equatable {
    case none
    case expired(SessionPolicy.State)
    case active(SessionRecord, CustomerRecord)
}

extension Bank {
    /// Looks up the session behind a cookie value. An expired session is deleted and its
    /// timeout audited; an active one has its idle clock restarted (at most every
    /// `touchGranularity` seconds: a view soon after the last one only reads).
    public func resolveSession(cookieValue: String, client: ClientInfo) async throws -> SessionResolution {
        guard cookieValue.count == 64, cookieValue.allSatisfy(\.isHexDigit) else { return .none }
        let now = clock.now()
        let tokenHash = Self.sha256Hex(cookieValue)
        let policy = settings.sessions
        let seen = try await database.read { db -> SessionResolution? in
            guard let session = try await SessionRecords.find(db, tokenHash: tokenHash) else { return SessionResolution.none }
            guard policy.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) == .active,
                  !policy.needsTouch(lastSeenAt: session.lastSeenAt, now: now),
                  let customer = try await CustomerRecords.find(db, id: session.customerID), customer.status == "active" else {
                return nil
            }
            return .active(session, customer)
        }
        if let seen { return seen }
        return try await database.transaction { db in
            guard let session = try await SessionRecords.find(db, tokenHash: tokenHash) else { return .none }
            let state = settings.sessions.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now)
            guard state == .active else {
                if try await SessionRecords.delete(db, tokenHash: tokenHash) {
                    try await auditTimeout(db, session: session, state: state, at: now)
                }
                return .expired(state)
            }
            guard let customer = try await CustomerRecords.find(db, id: session.customerID), customer.status == "active" else {
                try await SessionRecords.delete(db, tokenHash: tokenHash)
                return .none
            }
            try await SessionRecords.touch(db, tokenHash: tokenHash, at: now)
            return .active(session, customer)
        }
    }

    public func logout(cookieValue: String, client: ClientInfo) async throws {
        guard cookieValue.count == 64 else { return }
        let now = clock.now()
        let tokenHash = Self.sha256Hex(cookieValue)
        try await database.transaction { db in
            guard let session = try await SessionRecords.find(db, tokenHash: tokenHash) else { return }
            try await SessionRecords.delete(db, tokenHash: tokenHash)
            // A mailed password lives until logout (notice 別紙2).
            try await MailPasswordRecords.discard(db, customerID: session.customerID)
            try await AuditRecords.append(db, AuditEvent(
                at: now, event: "logout", result: .success, actor: "customer", customerID: session.customerID,
                ip: client.ip, userAgent: client.userAgent,
                factors: FactorRecord(inForce: [], presented: session.factorsPresented)))
        }
    }

    /// Ends every session that has run out without its customer coming back, auditing each
    /// timeout. `kyoei serve` runs this every minute. Returns how many were ended.
    @discardableResult
    public func sweepExpiredSessions() async throws -> Int {
        let now = clock.now()
        let policy = settings.sessions
        return try await database.transaction { db in
            let expired = try await SessionRecords.expired(
                db, idleCutoff: now.addingTimeInterval(-policy.idleTimeout),
                absoluteCutoff: now.addingTimeInterval(-policy.absoluteTimeout))
            var ended = 0
            for session in expired where try await SessionRecords.delete(db, tokenHash: session.tokenHash) {
                let state = policy.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now)
                try await auditTimeout(db, session: session, state: state, at: now)
                ended += 1
            }
            // Counters of unknown IDs last as long as a locked customer would wait for the bank
            // in practice, so the lock message does not give real IDs away after a day.
            try await CredentialRecords.pruneUnknownFailures(db, before: now.addingTimeInterval(-90 * 86_400))
            return ended
        }
    }

    func auditTimeout(_ db: any SQLDatabase, session: SessionRecord, state: SessionPolicy.State, at now: Date) async throws {
        try await AuditRecords.append(db, AuditEvent(
            at: now, event: "session_timeout", result: .info, actor: "system", customerID: session.customerID,
            ip: session.ip, userAgent: session.userAgent,
            detail: state == .absoluteExpired ? "absolute" : "idle"))
    }
}
