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
    ///
    /// A live session costs one read (the session with its holder) and, when its view is
    /// recorded, one statement more that is its own transaction — shared with the views
    /// recorded at the same moment: no BEGIN … COMMIT around a page view. Only a session that ran out or whose holder may no longer use it takes a
    /// transaction, which looks again so that it is ended (and a timeout audited) once.
    public func resolve(cookie: String, client: ClientInfo) async throws -> SessionResolution<Kind> {
        guard SessionCookie.isWellFormed(cookie) else { return .none }
        let now = clock.now()
        let tokenHash = Self.sha256Hex(cookie)
        let policy = Kind.policy(settings)
        guard let found = try await database.read({ db in try await Kind.lookUp(db, tokenHash: tokenHash) }) else { return .none }
        if let holder = found.holder,
           policy.state(createdAt: found.session.createdAt, lastSeenAt: found.session.lastSeenAt, now: now) == .active {
            var session = found.session
            guard policy.needsTouch(lastSeenAt: session.lastSeenAt, now: now) else { return Self.resolution(session, holder) }
            // Recorded with the other views of the moment (`SessionTouches`). Ended between
            // the read and now (a logout, a new login): gone.
            guard try await sessionTouches.touch(Kind.Stored.self, tokenHash: tokenHash, at: now) else { return .none }
            session.lastSeenAt = now
            return Self.resolution(session, holder)
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
