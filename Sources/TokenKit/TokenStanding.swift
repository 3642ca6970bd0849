import BankCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What the bank says of a stored token (`POST /api/v1/token/status`, docs/token-provisioning.md).
public enum TokenStanding: String, Sendable, Equatable, Decodable {
    /// The customer's current token: its codes count.
    case live
    /// Ended by the bank (利用解除, a new トークン発行, a reset after a lost phone, made void):
    /// its codes are refused; the app must be set up again with a newly issued token.
    case ended
    /// The bank knows no token with this user ID and secret (also what it answers when the
    /// token was never the bank's): the codes are of no use either.
    case unknown

    /// True when the codes of this token are of no use at the bank.
    public var isDead: Bool { self != .live }
}

extension ProvisioningClient {
    /// Asks the bank whether `token` still stands. The request carries no secret and no code,
    /// only an HMAC made with the secret (`TokenStatusProof`), so it proves the app holds the
    /// token while telling an eavesdropper nothing it could reuse for long.
    ///
    /// - Throws: `ProvisioningError`: `.cannotConnect` offline, `.unexpectedStatus(404)` from
    ///   a bank without the endpoint, `.invalidRequest` with error `clock_skew` when this
    ///   machine's clock is off. In every such case the caller cannot tell, and goes on.
    public func standing(of token: ProvisionedToken, at date: Date = Date()) async throws(ProvisioningError) -> TokenStanding {
        let time = Int64(date.timeIntervalSince1970.rounded(.down))
        let body = StatusRequest(serviceID: token.serviceID, userID: token.userID, time: time,
                                 proof: TokenStatusProof.compute(secret: token.secret, userID: token.userID, time: time))
        let (data, status) = try await send(jsonPost(server.statusURL, body))
        switch status {
        case 200:
            struct Answer: Decodable { var status: TokenStanding }
            guard let answer = try? JSONDecoder().decode(Answer.self, from: data) else {
                throw .malformedResponse(detail: "200 body is not the status JSON")
            }
            return answer.status
        case 400:
            guard let refusal = try? JSONDecoder().decode(BankRefusal.self, from: data) else {
                throw .malformedResponse(detail: "HTTP 400 without the error JSON")
            }
            throw .invalidRequest(refusal.with(status: status))
        default:
            throw .unexpectedStatus(status)
        }
    }
}

/// The status request's JSON body.
struct StatusRequest: Encodable {
    var serviceID: String
    var userID: String
    var time: Int64
    var proof: String

    enum CodingKeys: String, CodingKey {
        case serviceID = "service_id", userID = "user_id", time, proof
    }
}
