import BankCore
import BankStore
import Foundation
import SQLKit

/// Sessions of customers or of staff (`Kind`): one mechanism for both tables.
/// `bank.sessions` (customers) and `bank.staffSessions` (the back office).
public struct SessionService<Kind: SessionKind>: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) { self.context = context }

    /// Looks up the session behind a cookie value. One that ran out is ended and audited; a
    /// live one has its idle clock restarted — at most every `touchGranularity` seconds (a view
    /// soon after the last one only reads, beside the writer instead of queueing for it).
    public func resolve(cookie: String, client: ClientInfo) async throws -> SessionResolution<Kind> {
        guard SessionCookie.isWellFormed(cookie) else { return .none }
        let now = clock.now()
        let tokenHash = Self.sha256Hex(cookie)
        let policy = Kind.policy(settings)
        if policy.touchGranularity > 0 {
            let seen = try await database.read { db -> SessionResolution<Kind>? in
                guard let session = try await SessionStore<Kind.Stored>.find(db, tokenHash: tokenHash) else { return SessionResolution<Kind>.none }
                guard policy.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) == .active,
                      !policy.needsTouch(lastSeenAt: session.lastSeenAt, now: now),
                      let holder = try await Kind.holder(db, of: session) else { return nil }
                return Self.resolution(session, holder)
            }
            if let seen { return seen }
        }
        return try await database.transaction { db in
            guard var session = try await SessionStore<Kind.Stored>.find(db, tokenHash: tokenHash) else { return .none }
            let state = policy.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now)
            guard state == .active else {
                if try await SessionStore<Kind.Stored>.delete(db, tokenHash: tokenHash) {
                    try await Kind.auditTimeout(db, session, state, at: now)
                }
                return .expired(state)
            }
            guard let holder = try await Kind.holder(db, of: session) else {
                try await SessionStore<Kind.Stored>.delete(db, tokenHash: tokenHash)
                return .none
            }
            try await SessionStore<Kind.Stored>.touch(db, tokenHash: tokenHash, at: now)
            session.lastSeenAt = now
            return Self.resolution(session, holder)
        }
    }

    private static func resolution(_ session: Kind.Stored, _ holder: Kind.Holder) -> SessionResolution<Kind> {
        session.isAuthenticated ? .active(SessionView(session), Kind.view(holder)) : .otpPending(SessionView(session), Kind.view(holder))
    }

    /// ログアウト: the session's row is deleted, and what the kind ties to it (audit row, a
    /// mailed password) with it.
    public func logout(cookie: String, client: ClientInfo) async throws {
        guard SessionCookie.isWellFormed(cookie) else { return }
        let now = clock.now()
        let tokenHash = Self.sha256Hex(cookie)
        try await database.transaction { db in
            guard let session = try await SessionStore<Kind.Stored>.find(db, tokenHash: tokenHash),
                  try await SessionStore<Kind.Stored>.delete(db, tokenHash: tokenHash) else { return }
            try await Kind.loggedOut(db, session, client: client, at: now)
        }
    }

    /// Ends every session that ran out without its holder coming back, auditing each.
    /// `kyoei serve` runs this every minute. Returns how many were ended.
    @discardableResult
    public func sweepExpired() async throws -> Int {
        let now = clock.now()
        let policy = Kind.policy(settings)
        return try await database.transaction { db in
            let expired = try await SessionStore<Kind.Stored>.expired(
                db, idleCutoff: now.addingTimeInterval(-policy.idleTimeout),
                absoluteCutoff: now.addingTimeInterval(-policy.absoluteTimeout))
            var ended = 0
            for session in expired where try await SessionStore<Kind.Stored>.delete(db, tokenHash: session.tokenHash) {
                let state = policy.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now)
                try await Kind.auditTimeout(db, session, state, at: now)
                ended += 1
            }
            try await Kind.afterSweep(db, at: now)
            return ended
        }
    }

    /// Ends a session found run out outside `resolve` (the staff code step), auditing it once.
    func end(_ session: Kind.Stored, state: SessionPolicy.State, at now: Date) async throws {
        try await database.transaction { db in
            if try await SessionStore<Kind.Stored>.delete(db, tokenHash: session.tokenHash) {
                try await Kind.auditTimeout(db, session, state, at: now)
            }
        }
    }
}

extension Bank {
    /// Customers' sessions.
    public var sessions: SessionService<CustomerSessions> { .init(context: context) }
    /// The back office's sessions.
    public var staffSessions: SessionService<StaffSessions> { .init(context: context) }
}
