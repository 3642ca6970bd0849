import Crypto
import Hummingbird

/// Cross-site request forgery defences for every POST: the request's Origin must be the
/// site itself, and the form must carry the token bound to the session (or, before login,
/// to the pre-login cookie, see `PreLoginToken`).
enum CSRFProtection {
    static let fieldName = "_csrf"

    /// Origin is compared with the configured public URL only. Comparing it with the
    /// request's own `Host` proved nothing: a request through another name
    /// (`Host: evil.example`, `Origin: http://evil.example`) or an https→http downgrade
    /// matched itself.
    static func originAllowed(_ request: Request, settings: WebSettings) -> Bool {
        guard let origin = request.headers[.origin] else {
            // Browsers send Origin on every cross-site POST; a missing one is a same-site
            // navigation or a non-browser client, which the token still has to pass.
            return true
        }
        return settings.allowedOrigins.contains(origin.lowercased())
    }

    /// Compares in constant time so the token cannot be guessed byte by byte.
    static func tokensMatch(_ presented: String, _ expected: String) -> Bool {
        let a = Array(presented.utf8), b = Array(expected.utf8)
        guard a.count == b.count, !b.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in 0..<a.count { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
