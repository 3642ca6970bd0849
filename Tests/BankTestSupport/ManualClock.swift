import BankCore
import Foundation

/// A clock that stands still until a test moves it.
public final class ManualClock: BankClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// 2026-11-25 10:00 JST by default.
    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_568_400)) {
        current = start
    }

    public func now() -> Date { lock.withLock { current } }

    public func advance(by seconds: TimeInterval) {
        lock.withLock { current = current.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) { lock.withLock { current = date } }
}

/// Predictable "random" bytes for tests that compare generated values.
public final class CountingRandom: RandomSource, @unchecked Sendable {
    private let lock = NSLock()
    private var counter: UInt8 = 0
    public init() {}
    public func bytes(_ count: Int) -> [UInt8] {
        lock.withLock {
            (0..<count).map { _ in counter &+= 1; return counter }
        }
    }
}
