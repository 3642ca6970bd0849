import BankServices
import Hummingbird
import NIOCore

/// Per-request context: Hummingbird's core storage, the peer address for the audit trail, and
/// what the middleware found: the customer's or the staff member's session (resolved once,
/// by `SessionMiddleware`) and the form a POST carried (read by `CSRFMiddleware`).
public struct BankRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    var customerSession: SessionState<CustomerSessions>?
    var staffSession: SessionState<StaffSessions>?
    var customerGate: SessionGate<CustomerSessions>?
    var staffGate: SessionGate<StaffSessions>?
    /// The POST's form, once the CSRF check has read it.
    var form: FormBody?
    /// This request's id and the client's address (the socket peer, or what a trusted proxy
    /// forwarded), set once by `RequestIdentityMiddleware`, the first middleware of every listener.
    public internal(set) var identity: RequestIdentity?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Forms are small; anything bigger is refused before it is read.
    public var maxUploadSize: Int { 64 * 1024 }
}

/// A finished answer that leaves a handler by throwing (a session that does not open the
/// page, a refused form): `ErrorPageMiddleware` sends it as it is.
struct EarlyResponse: Error {
    let response: Response
    init(_ response: Response) { self.response = response }
}

extension BankRequestContext {
    /// The logged-in customer, or (thrown) the redirect to the login or the code screen.
    func requireCustomer() throws -> CustomerSession {
        guard let state = customerSession, let gate = customerGate else { throw EarlyResponse(HTTPResponses.redirect(to: CustomerRoute.login)) }
        guard case .signedIn(let current) = state else { throw EarlyResponse(gate.refusal(signedInRequired: state)) }
        return current
    }

    /// A customer whose password passed and whose one-time password is still owed.
    func requirePendingCustomer() throws -> CustomerSession {
        guard let state = customerSession, let gate = customerGate else { throw EarlyResponse(HTTPResponses.redirect(to: CustomerRoute.login)) }
        guard case .pending(let current) = state else { throw EarlyResponse(gate.refusal(pendingRequired: state)) }
        return current
    }

    /// The logged-in member of staff (password and code given), or the redirect.
    func requireStaff() throws -> StaffSession {
        guard let state = staffSession, let gate = staffGate else { throw EarlyResponse(HTTPResponses.redirect(to: StaffRoute.login)) }
        guard case .signedIn(let current) = state else { throw EarlyResponse(gate.refusal(signedInRequired: state)) }
        return current
    }

    /// The code screen: a member of staff whose password was given and whose code is owed.
    func requirePendingStaff() throws -> StaffSession {
        guard let state = staffSession, let gate = staffGate else { throw EarlyResponse(HTTPResponses.redirect(to: StaffRoute.login)) }
        guard case .pending(let current) = state else { throw EarlyResponse(gate.refusal(pendingRequired: state)) }
        return current
    }
}
