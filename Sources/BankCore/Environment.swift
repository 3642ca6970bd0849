import Foundation

/// Where the bank reads the time. Tests pass a clock they move by hand.
public protocol BankClock: Sendable {
    func now() -> Date
}

public struct SystemClock: BankClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// Where the bank reads random bytes. Production uses the operating system's CSPRNG.
public protocol RandomSource: Sendable {
    func bytes(_ count: Int) -> [UInt8]
}

public struct SystemRandomSource: RandomSource {
    public init() {}
    public func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

extension RandomSource {
    /// 256 random bits as 64 lower-case hex digits.
    public func token256() -> String { Hex.encode(bytes(32)) }
}

public enum Hex {
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
