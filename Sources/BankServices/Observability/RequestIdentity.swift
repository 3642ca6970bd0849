import BankCore
import Synchronization

/// Who a request is, as the web layer found it once for the whole request: its id (the
/// X-Request-ID of the answer, of the access log line and of the audit rows it wrote) and the
/// client's address (the socket peer, or the hop a trusted proxy forwarded). The JSON API's
/// handlers, which see no request context, read it from `current`.
public struct RequestIdentity: Sendable, Equatable {
    public var requestID: String
    public var clientIP: String
    /// The door: the back office's paths are staff's, /api/ the API's, the rest the web's.
    public var channel: ClientChannel

    public init(requestID: String, clientIP: String, channel: ClientChannel = .web) {
        self.requestID = requestID
        self.clientIP = clientIP
        self.channel = channel
    }

    /// The request being answered (set by the web layer's first middleware).
    @TaskLocal public static var current: RequestIdentity?

    /// A fresh id: 16 random bytes as 32 hexadecimal digits.
    public static func newRequestID(_ random: any RandomSource = SystemRandomSource()) -> String {
        Hex.encode(random.bytes(16))
    }

    /// An id a trusted proxy sent, kept when it is one a log line can carry as it is: 1 to 128
    /// letters, digits and `-._:`; anything else is replaced by a fresh one.
    public static func acceptable(_ incoming: String?) -> String? {
        guard let incoming, (1...128).contains(incoming.utf8.count),
              incoming.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-._:".unicodeScalars.contains($0)) })
        else { return nil }
        return incoming
    }
}

/// What the layers inside learn about a request while it is answered, for its access log line:
/// who it turned out to be (customer or staff) once the session was resolved. One per request,
/// shared through a task-local value with the middleware that writes the line.
public final class RequestFacts: Sendable {
    private struct State { var customerID: Int64?; var staffID: String? }
    private let state = Mutex(State())

    public init() {}

    @TaskLocal public static var current: RequestFacts?

    public var customerID: Int64? { state.withLock { $0.customerID } }
    public var staffID: String? { state.withLock { $0.staffID } }

    public func setCustomer(_ id: Int64) { state.withLock { $0.customerID = id } }
    public func setStaff(_ id: String) { state.withLock { $0.staffID = id } }
}

extension ClientInfo {
    /// The client of the request being answered (the JSON API: through `.api`); nil outside a request.
    public static func current(userAgent: String, channel: ClientChannel = .api) -> ClientInfo? {
        RequestIdentity.current.map {
            ClientInfo(ip: $0.clientIP, userAgent: String(userAgent.prefix(512)), requestID: $0.requestID, channel: channel)
        }
    }
}
