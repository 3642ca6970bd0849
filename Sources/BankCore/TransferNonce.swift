/// The per-confirmation nonce: a hidden field of the confirmation screen, stored with the
/// transfer under a unique index, so a double submission (two clicks, a reload, a replayed
/// POST) finds the first transfer instead of paying twice.
public struct TransferNonce: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 256 random bits: not guessable, and never equal by chance.
    public static let byteCount = 32
    /// 64 lower-case hex digits.
    public static let textLength = byteCount * 2

    public let value: String
    public var description: String { value }

    /// A fresh nonce for one confirmation screen.
    public static func generate(random: any RandomSource) -> TransferNonce {
        TransferNonce(stored: Hex.encode(random.bytes(byteCount)))
    }

    /// Checks a presented nonce before any lookup: exactly 64 lower-case hex digits and
    /// nothing else (no trimming, no case folding: the bank wrote it, so anything else was
    /// not written by the bank and must not reach a query).
    public init(validating presented: String) throws(TransferNonceError) {
        if presented.isEmpty { throw .missing }
        let utf8 = presented.utf8
        guard utf8.count == Self.textLength,
              utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) })
        else { throw .malformed }
        value = presented
    }

    /// A nonce read back from storage.
    public init(stored: String) { value = stored }
}

/// Why a presented nonce is refused; both mean the confirmation screen must be started again.
public enum TransferNonceError: Error, Sendable, Equatable {
    case missing, malformed

    public var messageKey: String {
        switch self {
        case .missing: "error.transfer.nonce_missing"
        case .malformed: "error.transfer.nonce_invalid"
        }
    }
}
