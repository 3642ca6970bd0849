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
