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
    /// Eight bytes per draw from the system generator: each draw is a `getrandom` system call,
    /// and drawing a byte at a time made a 32-byte token 32 calls (~50 per transfer 実行, seen
    /// with strace and gdb, issue 20).
    public func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return [UInt8](unsafeUninitializedCapacity: max(0, count)) { buffer, initialized in
            while initialized < buffer.count {
                let word = generator.next()
                let taken = min(MemoryLayout<UInt64>.size, buffer.count - initialized)
                withUnsafeBytes(of: word) { drawn in
                    for offset in 0..<taken { buffer[initialized + offset] = drawn[offset] }
                }
                initialized += taken
            }
        }
    }
}

extension RandomSource {
    /// 256 random bits as 64 lower-case hex digits.
    public func token256() -> String { Hex.encode(bytes(32)) }
}

public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex. Every request hashes its session cookie and prints it this way, so it
    /// avoids `String(format:)`, which cost more per request than the SHA-256 itself. Bytes
    /// held contiguously (an array, a digest, a MAC) are read from their memory: a digest
    /// iterated as a sequence from another module cost ~400 instructions per byte (callgrind,
    /// issue 20: 16,000 per session cookie hashed, on every request).
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let contiguous = bytes as? any ContiguousBytes {
            return contiguous.withUnsafeBytes { encode(raw: $0) }
        }
        return Array(bytes).withUnsafeBytes { encode(raw: $0) }
    }

    /// The value of one hex digit (either case), nil for any other byte.
    public static func value(ofDigit digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func encode(raw bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = digits[Int(byte >> 4)]
                out[2 * index + 1] = digits[Int(byte & 0x0f)]
            }
            return bytes.count * 2
        }
    }
}
