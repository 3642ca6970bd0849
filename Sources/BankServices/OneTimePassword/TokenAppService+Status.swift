import BankCore
import BankStore
import Foundation

extension TokenAppService {
    /// Whether the token that made `proof` still stands. Changes nothing and counts nothing:
    /// a wrong proof cannot be told from an unknown user ID, and a right one needs the secret.
    public func status(serviceID rawServiceID: String, userID rawUserID: String, time: Int64,
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
