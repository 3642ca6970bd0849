import BankCore
import BankStore
import Foundation

/// How long a session has left, as a page shows it and its timeout warning counts it down.
public struct SessionTimeLeft: Sendable, Equatable {
    /// When the session ends if nothing more happens.
    public let deadline: Date
    /// Seconds from now to the deadline, rounded up (never negative).
    public let seconds: Int
    /// The deadline is the absolute limit since login: no request moves it.
    public let final: Bool
    /// How many seconds before the deadline the page warns.
    public let warningSeconds: Int
}

extension SessionService {
    /// The time left of a live session, by the bank's clock.
    public func timeLeft(_ session: SessionView<Kind>) -> SessionTimeLeft {
        let policy = Kind.policy(settings)
        let end = policy.deadline(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt)
        let seconds = max(0, Int(end.at.timeIntervalSince(clock.now()).rounded(.up)))
        return SessionTimeLeft(deadline: end.at, seconds: seconds, final: end.final, warningSeconds: Int(policy.warningLead))
    }

    /// 「延長する」: restarts the idle clock of a live session now, even within the touch
    /// granularity a page view allows itself (the customer asked for the full idle time). Like
    /// a page view it writes no audit row: the session's last view is the record. Never past
    /// the absolute limit, which `final` then reports. Nil when the session is gone or ran out.
    public func extend(cookie: String) async throws -> SessionTimeLeft? {
        guard SessionCookie.isWellFormed(cookie) else { return nil }
        let now = clock.now()
        let tokenHash = Self.sha256Hex(cookie)
        let policy = Kind.policy(settings)
        let session = try await database.transaction { db -> Kind.Stored? in
            guard var session = try await SessionStore<Kind.Stored>.find(db, tokenHash: tokenHash), session.isAuthenticated,
                  policy.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) == .active else { return nil }
            try await SessionStore<Kind.Stored>.touch(db, tokenHash: tokenHash, at: now)
            session.lastSeenAt = now
            return session
        }
        return session.map { timeLeft(SessionView($0)) }
    }
}
