import BankWeb
import Configuration
import Foundation

extension KyoeiConfig {
    /// KYOEI_TOKEN_APP_LISTEN and KYOEI_TOKEN_APP_URL. The listener must be none of the bank's
    /// others, and the URL must not be the bank's own origin: the whole point of the token app's
    /// listener is an origin the banking site's scripts cannot reach.
    mutating func readTokenApp(_ config: ConfigReader) throws {
        let given = config.string(forKey: "kyoei.token.app.listen") ?? ""
        if !given.isEmpty {
            guard let (host, port) = Self.parseListen(given) else {
                throw ConfigError("KYOEI_TOKEN_APP_LISTEN must be HOST:PORT (got \(given))")
            }
            tokenAppListener = BankApplication.Listener(host: host, port: port)
        } else {
            guard (1..<65535).contains(listenPort) else {
                throw ConfigError("KYOEI_TOKEN_APP_LISTEN must be set when KYOEI_LISTEN's port is \(listenPort) (its default is the next port)")
            }
            tokenAppListener = BankApplication.Listener(host: listenHost, port: listenPort + 1)
        }
        let listen = "\(tokenAppListener.host):\(tokenAppListener.port)"
        // When the default took the port, say where it came from and what to set.
        let origin = given.isEmpty ? " (the default, KYOEI_LISTEN's port + 1): set KYOEI_TOKEN_APP_LISTEN" : ""
        if tokenAppListener.host == listenHost && tokenAppListener.port == listenPort {
            throw ConfigError("KYOEI_TOKEN_APP_LISTEN must differ from KYOEI_LISTEN (both are \(listen))\(origin)")
        }
        if let staff = staffListener, tokenAppListener.host == staff.host && tokenAppListener.port == staff.port {
            throw ConfigError("KYOEI_TOKEN_APP_LISTEN must differ from KYOEI_STAFF_LISTEN (both are \(listen))\(origin)")
        }
        let host = tokenAppListener.host.contains(":") ? "[\(tokenAppListener.host)]" : tokenAppListener.host
        var url = config.string(forKey: "kyoei.token.app.url") ?? ""
        if url.isEmpty { url = "http://\(host):\(tokenAppListener.port)" }
        while url.hasSuffix("/") { url.removeLast() }
        guard let components = URLComponents(string: url), ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
              components.host?.isEmpty == false, components.path.isEmpty, components.query == nil else {
            // The app's files and its service worker live at the root of their origin.
            throw ConfigError("KYOEI_TOKEN_APP_URL must be an http:// or https:// origin without a path, e.g. https://token.example.jp (got \(url))")
        }
        guard WebSettings(publicURL: url).publicOrigin != webSettings.publicOrigin else {
            throw ConfigError("KYOEI_TOKEN_APP_URL must be an origin of its own, not KYOEI_PUBLIC_URL's (got \(url))")
        }
        tokenAppURL = url
    }
}
