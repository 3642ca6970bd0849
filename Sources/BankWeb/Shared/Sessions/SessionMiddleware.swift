import BankServices
import Hummingbird

/// Resolves a site's session cookie once per request into the request context
/// (`context.requireCustomer()` / `requireStaff()` read it). It decides nothing itself: each
/// handler asks for the stage it needs, and a request without a cookie costs no look-up.
struct SessionMiddleware<Kind: SessionKind>: RouterMiddleware {
    let gate: SessionGate<Kind>
    let resolve: @Sendable (_ cookie: String, ClientInfo) async throws -> SessionResolution<Kind>
    let store: @Sendable (inout BankRequestContext, SessionGate<Kind>, SessionState<Kind>) -> Void
    /// The time a signed-in session has left, which the page chrome shows (nil: the site shows none).
    var timeLeft: (@Sendable (SessionView<Kind>) -> SessionTimeLeft)?

    func handle(_ request: Request, context: BankRequestContext,
                next: (Request, BankRequestContext) async throws -> Response) async throws -> Response {
        let client = ClientInfo(request, context)
        let state = try await SessionGate<Kind>.state(cookie: request.cookieValue(gate.cookieName)) { cookie in
            try await resolve(cookie, client)
        }
        var context = context
        store(&context, gate, state)
        // Handed to the page chrome through a task-local value: every handler builds its
        // chrome without the request context, and the time left belongs to every such page.
        if let timeLeft, case .signedIn(let current) = state {
            return try await SessionTimer.$current.withValue(timeLeft(current.session)) {
                try await next(request, context)
            }
        }
        return try await next(request, context)
    }
}

extension SessionMiddleware where Kind == CustomerSessions {
    init(customer bank: Bank, settings: WebSettings) {
        self.init(gate: .customer(settings), resolve: { try await bank.sessions.resolve(cookie: $0, client: $1) },
                  store: { context, gate, state in
                      context.customerGate = gate; context.customerSession = state
                      // The access log line names whose request it was.
                      if let customer = state.live?.customer { RequestFacts.current?.setCustomer(customer.id) }
                  },
                  timeLeft: { bank.sessions.timeLeft($0) })
    }
}

extension SessionMiddleware where Kind == StaffSessions {
    init(staff bank: Bank, settings: WebSettings) {
        self.init(gate: .staff(settings), resolve: { try await bank.staffSessions.resolve(cookie: $0, client: $1) },
                  store: { context, gate, state in
                      context.staffGate = gate; context.staffSession = state
                      if let staff = state.live?.holder { RequestFacts.current?.setStaff(staff.loginID) }
                  })
    }
}

extension ClientInfo {
    /// Who sent the request, for the audit trail: the client's address (`RequestIdentity`: the
    /// socket peer, or the hop a trusted proxy forwarded), the browser's own words (at most 512
    /// characters), the request's id, and the channel (the back office's paths are staff's).
    init(_ request: Request, _ context: BankRequestContext) {
        let identity = context.identity ?? RequestIdentity(request: request, peer: context.remoteAddress, trusting: .none)
        self.init(ip: identity.clientIP, userAgent: String((request.headers[.userAgent] ?? "").prefix(512)),
                  requestID: identity.requestID, channel: identity.channel)
    }
}
