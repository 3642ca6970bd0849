import Foundation

/// Idle and absolute limits of a customer session (defaults 10 and 60 minutes).
public struct SessionPolicy: Sendable, Equatable {
    public var idleTimeout: TimeInterval
    public var absoluteTimeout: TimeInterval
    /// A page seen within this many seconds of the recorded last one does not record it
    /// again: most views follow each other closely, and a view that only reads runs beside
    /// the writer (SQLite has one) instead of queueing for it. So the idle clock may start
    /// up to this much early — never late.
    public var touchGranularity: TimeInterval
    /// How long before the end a page warns that the session is about to run out and offers
    /// to extend it (KYOEI_SESSION_WARNING_SECONDS). Never more than the idle limit.
    public var warningLead: TimeInterval

    public init(idleTimeout: TimeInterval = 600, absoluteTimeout: TimeInterval = 3600, touchGranularity: TimeInterval = 10,
                warningLead: TimeInterval = 120) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.touchGranularity = touchGranularity
        self.warningLead = min(warningLead, idleTimeout)
    }

    /// When a session last seen at `lastSeenAt` ends if nothing more happens: the idle limit,
    /// or the absolute one when that comes first (`final`: no request can move it).
    public func deadline(createdAt: Date, lastSeenAt: Date) -> (at: Date, final: Bool) {
        let idle = lastSeenAt.addingTimeInterval(idleTimeout)
        let absolute = createdAt.addingTimeInterval(absoluteTimeout)
        return absolute <= idle ? (absolute, true) : (idle, false)
    }

    /// Whether a view at `now` must record itself as the session's last. With a very short
    /// idle limit the granularity shrinks to a tenth of it, so an active session never lapses.
    public func needsTouch(lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) >= min(touchGranularity, idleTimeout / 10) || now < lastSeenAt
    }

    public enum State: Sendable, Equatable {
        case active, idleExpired, absoluteExpired
    }

    public func state(createdAt: Date, lastSeenAt: Date, now: Date) -> State {
        if now.timeIntervalSince(createdAt) >= absoluteTimeout { return .absoluteExpired }
        if now.timeIntervalSince(lastSeenAt) >= idleTimeout { return .idleExpired }
        return .active
    }
}
