/// Where a request came from, for the audit trail: the client's address (the socket peer, or
/// the X-Forwarded-For hop a trusted proxy vouches for), its user agent, the request's id (the
/// X-Request-ID of the response and the access log) and the channel it came through.
public struct ClientInfo: Sendable, Equatable {
    public var ip: String
    public var userAgent: String
    public var requestID: String?
    public var channel: ClientChannel
    public init(ip: String, userAgent: String, requestID: String? = nil, channel: ClientChannel = .web) {
        self.ip = ip
        self.userAgent = userAgent
        self.requestID = requestID
        self.channel = channel
    }
    public static let commandLine = ClientInfo(ip: "", userAgent: "kyoei-cli", channel: .cli)
}
