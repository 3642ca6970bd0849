import BankCore
import BankServices
import Hummingbird
import HTTPTypes
import NIOCore

extension RequestIdentity {
    /// The request's id and client address: X-Forwarded-For and X-Request-ID are read only when
    /// the socket peer is a trusted proxy; otherwise the peer is the client and the id is new.
    init(request: Request, peer: SocketAddress?, trusting proxies: TrustedProxies,
         random: any RandomSource = SystemRandomSource()) {
        let peerText = peer?.ipAddress ?? ""
        let peerAddress = IPAddress(peerText)
        let trusted = peerAddress.map(proxies.trusts) ?? false
        let forwarded = trusted ? request.headers[values: .xForwardedFor] : []
        let client = proxies.client(peer: peerText, forwardedFor: forwarded)
        self.init(
            requestID: (trusted ? Self.acceptable(request.headers[.xRequestID]) : nil) ?? Self.newRequestID(random),
            clientIP: client?.description ?? peerText, channel: Self.channel(path: request.uri.path))
    }

    static func channel(path: String) -> ClientChannel {
        func under(_ root: String) -> Bool { path == root || path.hasPrefix(root + "/") }
        return under(StaffRoute.root) ? .staff : under("/api") ? .api : .web
    }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-ID")!
    static let xForwardedFor = Self("X-Forwarded-For")!
}
