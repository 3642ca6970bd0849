import Foundation

/// What the web layer needs to know about where it is served.
public struct WebSettings: Sendable {
    /// The site's public origin, e.g. `https://ib.kyoei-shinkumi.jp` (KYOEI_PUBLIC_URL).
    public var publicURL: String
    /// Cookies get `Secure` and the `__Host-` prefix when the public URL is HTTPS.
    public var secureCookies: Bool { publicURL.lowercased().hasPrefix("https://") }

    public init(publicURL: String = "http://127.0.0.1:8080") {
        var url = publicURL
        while url.hasSuffix("/") { url.removeLast() }
        self.publicURL = url
    }

    /// `scheme://host[:port]` of the public URL: what a same-site browser sends as Origin.
    public var publicOrigin: String {
        guard let components = URLComponents(string: publicURL), let scheme = components.scheme, let host = components.host else {
            return publicURL
        }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }

    var sessionCookieName: String { secureCookies ? "__Host-kyoei_session" : "kyoei_session" }
    var preLoginCookieName: String { secureCookies ? "__Host-kyoei_prelogin" : "kyoei_prelogin" }
    static let languageCookieName = "kyoei_lang"
}
