import BankCore
import BankServices
import BankText

/// Who is calling, as the gate middleware found it once per request: the client (channel
/// `api`), the language of the messages, and the session the bearer token stands for. Handed
/// to the generated handlers through a task-local value, since their input carries only what
/// openapi.yaml describes.
struct APICaller: Sendable {
    @TaskLocal static var current: APICaller?

    var client: ClientInfo
    var language: Language
    /// The bearer token as sent (nil: none, or not a `Bearer` one).
    var token: String?
    var session: SessionResolution<CustomerSessions>

    /// Whether the request carries a live session of either stage (what the per-address limit
    /// of unauthenticated requests leaves alone).
    var hasLiveSession: Bool {
        switch session {
        case .active, .otpPending: true
        case .none, .expired: false
        }
    }

    /// The request as it came, for an operation anyone may call (the login itself).
    static func anonymous() throws -> APICaller {
        guard let current else { throw APIProblem.internalError }
        return current
    }

    /// The signed-in customer (every login step taken), or the refusal: 401 without a live
    /// token, 403 while the one-time password is owed.
    static func customer() throws -> SignedInAPICustomer {
        let caller = try anonymous()
        switch caller.session {
        case .active(let session, let customer):
            return SignedInAPICustomer(token: caller.token ?? "", session: session, customer: customer,
                                       client: caller.client, language: caller.language)
        case .otpPending: throw APIProblem.otpRequired
        case .expired: throw APIProblem.unauthenticated(tokenSent: true, expired: true)
        case .none: throw APIProblem.unauthenticated(tokenSent: caller.token != nil)
        }
    }

    /// The token of a login whose one-time password is owed (the OTP step), or the refusal.
    static func pendingToken() throws -> (token: String, client: ClientInfo) {
        let caller = try anonymous()
        switch caller.session {
        case .otpPending: return (caller.token ?? "", caller.client)
        case .active, .none: throw APIProblem.unauthenticated(tokenSent: caller.token != nil)
        case .expired: throw APIProblem.unauthenticated(tokenSent: true, expired: true)
        }
    }
}

/// A request of a signed-in customer: what an operation of theirs needs.
struct SignedInAPICustomer: Sendable {
    /// The bearer token: the session's key, as a browser's cookie value is.
    var token: String
    var session: SessionView<CustomerSessions>
    var customer: SignedInCustomer
    var client: ClientInfo
    var language: Language
    /// Who acts: what every customer use case is given.
    var actor: BankActor { customer.actor }
}
