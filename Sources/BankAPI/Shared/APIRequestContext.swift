import BankServices
import Hummingbird

/// What the API needs of the site's request context: who sent the request, as the audit trail
/// and the rate limit see them (the socket peer, or the address a trusted proxy vouches for),
/// with the channel `api`. BankWeb's `BankRequestContext` conforms.
public protocol APIRequestContext: RequestContext {
    func apiClient(for request: Request) -> ClientInfo
}
