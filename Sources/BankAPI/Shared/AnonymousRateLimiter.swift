import Foundation
import Synchronization

/// The per-address limit of requests without a live session (KYOEI_API_ANON_RATE_LIMIT): a
/// token bucket per client address, full at `requests`, refilled at `requests` per `seconds`.
/// It lives in the process: behind several nodes each keeps its own, and the per-credential
/// locks (in the database) stay the limit that holds across nodes.
final class AnonymousRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let limit: APIRateLimit
    private let buckets = Mutex<[String: Bucket]>([:])
    /// Past this many addresses, buckets that have filled up again are dropped.
    private static let pruneAbove = 10_000

    init(limit: APIRateLimit) { self.limit = limit }

    private var capacity: Double { Double(limit.requests) }
    private var refillPerSecond: Double { Double(limit.requests) / Double(limit.seconds) }

    /// Takes one request's token for `address`: nil when granted, else the whole seconds to
    /// wait until one is back (the `Retry-After`).
    func take(_ address: String, now: ContinuousClock.Instant = .now) -> Int? {
        buckets.withLock { buckets in
            var bucket = buckets[address] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + seconds(now - bucket.updated) * refillPerSecond)
            bucket.updated = now
            defer {
                buckets[address] = bucket
                if buckets.count > Self.pruneAbove { prune(&buckets, now: now) }
            }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / refillPerSecond).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }

    private func prune(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant) {
        buckets = buckets.filter { _, bucket in
            bucket.tokens + seconds(now - bucket.updated) * refillPerSecond < capacity
        }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
