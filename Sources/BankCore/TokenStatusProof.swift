import Crypto
import Foundation

/// How the token app proves, when it asks the bank whether its token still stands
/// (`POST /api/v1/token/status`, docs/token-provisioning.md), that it holds the token's
/// secret, without sending the secret or a code: an HMAC-SHA256 keyed with the secret over
/// the user ID and the app's clock. Only the holder of the secret can make it, so the answer
/// tells nothing to anyone else; the time in it keeps a recorded request from being replayed
/// for longer than `window`.
public enum TokenStatusProof {
    /// How far the app's clock may be from the bank's (either way), in seconds.
    public static let window: Int64 = 300

    /// The lower-case hex HMAC-SHA256 of `kyoei-token-status v1`, the user ID and the Unix
    /// time, one per line, keyed with the token secret.
    public static func compute(secret: [UInt8], userID: String, time: Int64) -> String {
        let message = Array("kyoei-token-status v1\n\(userID)\n\(time)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return Hex.encode(Array(mac))
    }

    /// Whether `proof` is the one `secret` makes (in time that does not depend on where they differ).
    public static func verify(_ proof: String, secret: [UInt8], userID: String, time: Int64) -> Bool {
        ConstantTime.equal(Array(compute(secret: secret, userID: userID, time: time).utf8), Array(proof.lowercased().utf8))
    }

    /// Whether the app's time is close enough to the bank's to be checked at all.
    public static func isFresh(_ time: Int64, now: Date) -> Bool {
        abs(Int64(now.timeIntervalSince1970) - time) <= window
    }
}
