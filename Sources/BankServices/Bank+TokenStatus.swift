import BankCore
import BankStore
import Foundation

/// The answer of `POST /api/v1/token/status` (docs/token-provisioning.md).
public enum TokenLiveness: String, Sendable, Equatable {
    /// The token is the customer's current one (set up, 利用開始 done or still owed).
    case live
    /// The token was the bank's but has ended (利用解除, re-issued, reset after a lost phone,
    /// made void): its codes are refused, and the app should be set up again.
    case ended
    /// No token of this service ID and user ID holds the secret that made the proof. Also the
    /// answer to anyone without the secret, so the endpoint tells them nothing.
    case unknown
}

/// Why a status question could not be answered.
public enum TokenStatusRefusal: Error, Sendable, Equatable {
    /// A field is missing or has the wrong form.
    case invalidRequest
    /// The app's clock is more than `TokenStatusProof.window` seconds from the bank's.
    case clockSkew(serverTime: Int64)
}

extension Bank {
    /// Whether the token that made `proof` still stands. Changes nothing and counts nothing:
    /// a wrong proof cannot be told from an unknown user ID, and a right one needs the secret.
    public func tokenStatus(serviceID rawServiceID: String, userID rawUserID: String, time: Int64,
                            proof: String) async throws -> TokenLiveness {
        let serviceID = rawServiceID.trimmingCharacters(in: .whitespaces)
        guard !serviceID.isEmpty, serviceID.count <= 64, let userID = TokenUserID.normalize(rawUserID),
              proof.count == 64, proof.allSatisfy(\.isHexDigit) else { throw TokenStatusRefusal.invalidRequest }
        let now = clock.now()
        guard TokenStatusProof.isFresh(time, now: now) else {
            throw TokenStatusRefusal.clockSkew(serverTime: Int64(now.timeIntervalSince1970))
        }
        let keys = try requireSecretKeys()
        guard serviceID.caseInsensitiveCompare(settings.otp.serviceID) == .orderedSame,
              let token = try await database.read({ db in try await OTPTokenRecords.find(db, userID: userID) }),
              let sealed = token.secretSealed,
              let secret = try? keys.open(sealed, associatedData: Self.tokenSecretContext(token.id)),
              TokenStatusProof.verify(proof, secret: secret, userID: userID, time: time) else { return .unknown }
        return token.status.isLive ? .live : .ended
    }
}
