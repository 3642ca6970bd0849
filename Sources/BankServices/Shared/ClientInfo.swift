/// Where a request came from, for the audit trail.
public struct ClientInfo: Sendable, Equatable {
    public var ip: String
    public var userAgent: String
    public init(ip: String, userAgent: String) {
        self.ip = ip
        self.userAgent = userAgent
    }
    public static let commandLine = ClientInfo(ip: "", userAgent: "kyoei-cli")
}
