import BankAPI
import BankCore
import Foundation

/// What the web layer needs to know about where it is served.
public struct WebSettings: Sendable {
    /// The site's public origin, e.g. `https://ib.kyoei-shinkumi.jp` (KYOEI_PUBLIC_URL).
    public var publicURL: String
    /// KYOEI_HTTP_IDLE_SECONDS: a connection that sends nothing for this long is closed, and so
    /// is one whose request head has not fully arrived this long after it connected or after
    /// its last answer (a client that trickles a header byte by byte). Nil: never (tests only).
    public var connectionIdleTimeout: Duration?
    /// KYOEI_TRUSTED_PROXIES: the proxies whose X-Forwarded-For (the client's address, for the
    /// audit trail and the rate limits) and X-Request-ID are believed; empty: none, the socket
    /// peer is the client. KYOEI_PUBLIC_URL stays the only Origin accepted either way.
    public var trustedProxies: TrustedProxies = .none
    /// Where new request ids come from (16 bytes each): the system's generator; the screen
    /// tests give a seeded one, so the ids their pages show are the same on every run.
    public var requestIDRandom: any RandomSource = SystemRandomSource()
    /// The JSON API's body limit and per-address limit (KYOEI_API_MAX_BODY_BYTES, KYOEI_API_ANON_RATE_LIMIT).
    public var api = APISettings()
    /// Cookies get `Secure` and the `__Host-` prefix when the public URL is HTTPS.
    public var secureCookies: Bool { publicURL.lowercased().hasPrefix("https://") }

    public static let defaultConnectionIdleTimeout = Duration.seconds(60)

    public init(publicURL: String = "http://127.0.0.1:8080", connectionIdleTimeout: Duration? = WebSettings.defaultConnectionIdleTimeout) {
        var url = publicURL
        while url.hasSuffix("/") { url.removeLast() }
        self.publicURL = url
        self.connectionIdleTimeout = connectionIdleTimeout
    }

    /// `scheme://host[:port]` of the public URL: what a same-site browser sends as Origin.
    public var publicOrigin: String { Self.origin(of: publicURL) }

    /// `scheme://host[:port]` of a URL, lower-cased as browsers send it in `Origin`.
    static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else {
            return url
        }
        return "\(scheme)://\(host)".lowercased() + (components.port.map { ":\($0)" } ?? "")
    }

    /// The Origins a form may be posted from: the public URL's alone — never anything taken
    /// from the request (its `Host` is the client's to choose). A public URL on this machine
    /// (the embedded default, `http://127.0.0.1:8080`) also accepts the other loopback
    /// spellings with the same scheme and port, so opening `http://localhost:8080` works;
    /// no other site can be served from those.
    var allowedOrigins: Set<String> {
        let origin = publicOrigin.lowercased()
        guard let components = URLComponents(string: origin), let scheme = components.scheme, let host = components.host,
              Self.loopbackHosts.contains(host) || host == "::1" else { return [origin] }
        let port = components.port.map { ":\($0)" } ?? ""
        return Set(Self.loopbackHosts.map { "\(scheme)://\($0)\(port)" }).union([origin])
    }

    static let loopbackHosts = ["127.0.0.1", "localhost", "[::1]"]

    var sessionCookieName: String { secureCookies ? "__Host-kyoei_session" : "kyoei_session" }
    var preLoginCookieName: String { secureCookies ? "__Host-kyoei_prelogin" : "kyoei_prelogin" }
    /// The long-lived random cookie that tells a browser seen at login from a new one (ログインのお知らせ).
    var browserCookieName: String { secureCookies ? "__Host-kyoei_browser" : "kyoei_browser" }
    static let languageCookieName = "kyoei_lang"
}
