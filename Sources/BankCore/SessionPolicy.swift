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

    public init(idleTimeout: TimeInterval = 600, absoluteTimeout: TimeInterval = 3600, touchGranularity: TimeInterval = 10) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.touchGranularity = touchGranularity
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
