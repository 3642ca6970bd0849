import BankCore
import Foundation

/// Random bytes that are the same on every run (SplitMix64 from a fixed seed), so pages that
/// show generated values (session-derived form tokens, 受付番号, token user ids) render the
/// same HTML each time: the screen snapshots compare whole pages. Unlike `CountingRandom` it
/// never repeats within a test, so tokens that must be unique stay unique.
public final class SeededRandom: RandomSource, @unchecked Sendable {
    private let lock = NSLock()
    private var state: UInt64

    public init(seed: UInt64 = 0x4B59_4F45_4900_2026) {
        state = seed
    }

    public func bytes(_ count: Int) -> [UInt8] {
        lock.withLock {
            var result: [UInt8] = []
            result.reserveCapacity(count)
            while result.count < count {
                var word = next()
                for _ in 0..<min(8, count - result.count) {
                    result.append(UInt8(truncatingIfNeeded: word))
                    word >>= 8
                }
            }
            return result
        }
    }

    private func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
