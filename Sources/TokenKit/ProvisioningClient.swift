import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Asks the bank for the token, once, at set-up: `POST {server}/api/v1/token/provision`
/// (docs/token-provisioning.md).
public struct ProvisioningClient: Sendable {
    public let server: BankServer
    /// Seconds to wait for the bank before giving up with `.cannotConnect`.
    public let timeout: TimeInterval

    public init(server: BankServer, timeout: TimeInterval = 30) {
        self.server = server
        self.timeout = timeout
    }

    /// Validates the typed values, then sends them.
    ///
    /// - Throws: `TokenInputError` (nothing was sent) or `ProvisioningError`.
    public func provision(serviceID: String, userID: String, activationPassword: String) async throws -> ProvisionedToken {
        let request = try ProvisioningRequest(serviceID: serviceID, userID: userID, activationPassword: activationPassword)
        return try await provision(request)
    }

    /// Sends one provisioning request and maps the answer.
    ///
    /// Never retried: the bank answers a second successful call with 410 and counts wrong
    /// passwords, so a retry could only hurt.
    public func provision(_ request: ProvisioningRequest) async throws(ProvisioningError) -> ProvisionedToken {
        let (data, status) = try await send(jsonPost(server.provisionURL, request))
        switch status {
        case 200:
            let body: ProvisioningResponse
            do { body = try JSONDecoder().decode(ProvisioningResponse.self, from: data) } catch {
                throw .malformedResponse(detail: "200 body is not the token JSON")
            }
            return try body.token(for: request)
        case 400, 401, 410, 423:
            guard let refusal = try? JSONDecoder().decode(BankRefusal.self, from: data) else {
                throw .malformedResponse(detail: "HTTP \(status) without the error JSON")
            }
            let withStatus = refusal.with(status: status)
            switch status {
            case 400: throw .invalidRequest(withStatus)
            case 401: throw .invalidCredentials(withStatus)
            case 410: throw .tokenUnavailable(withStatus)
            default: throw .tokenVoid(withStatus)
            }
        default:
            throw .unexpectedStatus(status)
        }
    }

    /// A JSON POST to the bank, never served from a cache.
    func jsonPost(_ url: URL, _ body: some Encodable) -> URLRequest {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.httpBody = try? JSONEncoder().encode(body)
        return request
    }

    func send(_ request: URLRequest) async throws(ProvisioningError) -> (Data, Int) {
        // Ephemeral: no cookie jar, cache or credential store keeps anything of this exchange.
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration, delegate: RefuseRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else {
                throw ProvisioningError.malformedResponse(detail: "not an HTTP response")
            }
            return (data, http.statusCode)
        } catch let error as ProvisioningError {
            throw error
        } catch let error as URLError {
            throw .cannotConnect(detail: Self.describe(error))
        } catch {
            throw .cannotConnect(detail: String(describing: type(of: error)))
        }
    }

    /// A short English phrase for the common failures; the code for the rest.
    static func describe(_ error: URLError) -> String {
        switch error.code {
        case .cannotConnectToHost: "connection refused"
        case .cannotFindHost, .dnsLookupFailed: "unknown host"
        case .timedOut: "timed out"
        case .notConnectedToInternet: "no network"
        case .networkConnectionLost: "connection lost"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot: "TLS failure"
        default: "URLError \(error.code.rawValue)"
        }
    }
}

/// The activation password is in the body; a redirect (which a 307 or 308 would repeat
/// with the body) must not carry it to another address. The 3xx is reported instead.
private final class RefuseRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
