import BankAPI
import BankServices
import Hummingbird

extension BankRequestContext: APIRequestContext {
    /// Who sent an API request: as for a page (the address a trusted proxy vouches for, the
    /// request id), through the channel `api`.
    public func apiClient(for request: Request) -> ClientInfo {
        var client = ClientInfo(request, self)
        client.channel = .api
        return client
    }
}
