import Foundation

/// The bank's base address (`--server`, `KYOEI_TOKEN_SERVER`), checked once so that a typo
/// is reported as such and not as "could not reach the bank".
public struct BankServer: Sendable, Equatable, CustomStringConvertible {
    /// Used when neither `--server` nor `KYOEI_TOKEN_SERVER` is given: `kyoei serve`'s default.
    public static let defaultAddress = "http://127.0.0.1:8080"

    /// The address without a trailing slash, e.g. `https://ib.kyoei.example`.
    public let address: String
    let url: URL

    /// - Throws: `ServerAddressError` unless `text` is an absolute http or https URL with a
    ///   host and no query or fragment.
    public init(_ text: String) throws(ServerAddressError) {
        var trimmed = text.trimmingWhitespace()
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty,
              url.query == nil, url.fragment == nil, url.user == nil else {
            throw ServerAddressError(address: text)
        }
        self.address = trimmed
        self.url = url
    }

    /// Where the token app posts its one set-up request.
    public var provisionURL: URL { URL(string: address + "/api/v1/token/provision")! }

    /// Where the token app asks whether its token still stands.
    public var statusURL: URL { URL(string: address + "/api/v1/token/status")! }

    /// False for plain http to anything but this machine: the activation password and the
    /// secret would cross the network unencrypted, so the app warns before sending.
    public var isProtected: Bool {
        if url.scheme?.lowercased() == "https" { return true }
        let host = (url.host ?? "").lowercased()
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    public var description: String { address }
}

/// `--server` (or `KYOEI_TOKEN_SERVER`) is not a usable address.
public struct ServerAddressError: BilingualError, Equatable, Sendable {
    public let address: String
    public var message: String { "銀行のアドレスが正しくありません（http:// または https:// で始まるURL）: \(address)" }
    public var messageEN: String { "Not a valid bank address (an http:// or https:// URL): \(address)" }
}
