/// Why the bank did not hand over the token. Nothing was stored in any of these cases.
public enum ProvisioningError: BilingualError, Equatable, Sendable {
    /// 400 `invalid_request`: the bank could not read the request.
    case invalidRequest(BankRefusal)
    /// 401 `invalid_credentials`: unknown service ID or user ID, or wrong 利用開始パスワード.
    case invalidCredentials(BankRefusal)
    /// 410 `token_unavailable`: already set up, expired, replaced, ended or void.
    case tokenUnavailable(BankRefusal)
    /// 423 `token_void`: that was the last allowed wrong password; the token must be issued again.
    case tokenVoid(BankRefusal)
    /// Any other status (a 5xx, a proxy's page, a redirect, which the client never follows).
    case unexpectedStatus(Int)
    /// No HTTP answer at all: refused, unreachable, timed out, TLS failure. The detail is
    /// the system's wording, for a support call.
    case cannotConnect(detail: String)
    /// An answer that does not follow the contract (not JSON, missing or impossible fields).
    case malformedResponse(detail: String)

    /// The bank's own words where it gave them.
    public var refusal: BankRefusal? {
        switch self {
        case .invalidRequest(let r), .invalidCredentials(let r), .tokenUnavailable(let r), .tokenVoid(let r): r
        default: nil
        }
    }

    public var message: String {
        if let refusal { return refusal.message }
        return switch self {
        case .unexpectedStatus(let status): "銀行から予期しない応答がありました（HTTP \(status)）。しばらくしてからもう一度お試しください。"
        case .cannotConnect: "銀行に接続できませんでした。通信環境を確認して、もう一度お試しください。"
        default: "銀行からの応答を読み取れませんでした。しばらくしてからもう一度お試しください。"
        }
    }

    public var messageEN: String {
        if let refusal { return refusal.messageEN }
        return switch self {
        case .unexpectedStatus(let status): "The bank gave an unexpected answer (HTTP \(status)). Please try again later."
        case .cannotConnect(let detail): "Could not reach the bank (\(detail)). Check your connection and try again."
        case .malformedResponse(let detail): "Could not read the bank's answer (\(detail)). Please try again later."
        default: "Could not read the bank's answer. Please try again later."
        }
    }
}
