import Hummingbird
import NIOCore

/// Per-request context: Hummingbird's core storage plus the peer address for the audit trail.
public struct BankRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Forms are small; anything bigger is refused before it is read.
    public var maxUploadSize: Int { 64 * 1024 }
}
