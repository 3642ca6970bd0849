import Foundation

/// How an SMTP connection is protected.
enum SMTPSecurity: String, Sendable, Equatable {
    /// `smtp://`: plaintext, and it stays plaintext even if the server offers STARTTLS,
    /// so what the operator wrote is what happens.
    case plain
    /// `smtp+starttls://`: STARTTLS is required before anything else is sent.
    case startTLS
    /// `smtps://`: TLS from the first byte.
    case implicitTLS

    var defaultPort: Int {
        switch self {
        case .plain: return 25
        case .startTLS: return 587
        case .implicitTLS: return 465
        }
    }
}

/// Where an SMTP transport connects to, and as whom.
struct SMTPEndpoint: Sendable, Equatable {
    var security: SMTPSecurity
    var host: String
    var port: Int
    var username: String?
    var password: String?

    /// Loopback traffic never leaves the machine, so plaintext AUTH is tolerated there
    /// (local relays, tests) and refused anywhere else.
    var isLoopback: Bool {
        let h = host.lowercased()
        return h == "localhost" || h.hasSuffix(".localhost") || h == "::1"
            || (h.hasPrefix("127.") && h.split(separator: ".").count == 4
                && h.split(separator: ".").allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) })
    }

    /// IP literals must not be sent as SNI; NIOSSL then checks the IP SANs instead.
    var isIPLiteral: Bool {
        host.contains(":") || (host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." })
    }
}

/// A parsed `KYOEI_MAIL_URL`.
enum MailURL: Sendable, Equatable {
    case smtp(SMTPEndpoint)
    case maildir(path: String)

    /// Parses the URL forms listed on `MailSettings.url`; anything else is a permanent
    /// (configuration) error, since retrying cannot fix it.
    static func parse(_ text: String) throws(MailDeliveryError) -> MailURL {
        guard let schemeEnd = text.range(of: "://") else { throw .permanent("mail URL has no scheme: expected smtp://, smtp+starttls://, smtps:// or maildir://") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        let rest = String(text[schemeEnd.upperBound...])
        let security: SMTPSecurity
        switch scheme {
        case "smtp": security = .plain
        case "smtp+starttls": security = .startTLS
        case "smtps": security = .implicitTLS
        case "maildir": return .maildir(path: try parseMaildirPath(rest))
        default: throw .permanent("unsupported mail URL scheme \"\(scheme)\"")
        }
        return .smtp(try parseAuthority(rest, security: security))
    }

    private static func parseMaildirPath(_ rest: String) throws(MailDeliveryError) -> String {
        guard let decoded = rest.removingPercentEncoding, !decoded.isEmpty else { throw .permanent("maildir URL has no path") }
        if decoded.hasPrefix("/") { return decoded }
        if decoded.hasPrefix("./") || decoded.hasPrefix("../") || decoded == "." {
            // Resolved once, so a later change of working directory cannot move the mailbox.
            return URL(fileURLWithPath: decoded, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                .standardizedFileURL.path
        }
        throw .permanent("maildir URL must be maildir:///absolute/path or maildir://./relative/path")
    }

    private static func parseAuthority(_ rest: String, security: SMTPSecurity) throws(MailDeliveryError) -> SMTPEndpoint {
        var authority = Substring(rest)
        if let end = authority.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            guard authority[end...] == "/" else { throw .permanent("SMTP mail URL must not have a path or query") }
            authority = authority[..<end]
        }
        var username: String?, password: String?
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            let parts = userinfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let user = parts[0].removingPercentEncoding,
                  let pass = parts.count > 1 ? parts[1].removingPercentEncoding : ""
            else { throw .permanent("mail URL has malformed percent-encoding in its user info") }
            username = user.isEmpty ? nil : user
            password = parts.count > 1 ? pass : nil
        }
        var host: Substring, portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .permanent("mail URL has an unterminated IPv6 address") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .permanent("mail URL has garbage after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw .permanent("mail URL has no host") }
        var port = security.defaultPort
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { throw .permanent("mail URL has an invalid port \"\(portText)\"") }
            port = value
        }
        return SMTPEndpoint(security: security, host: String(host), port: port, username: username, password: password)
    }

    /// The URL with the password replaced, for logs and error messages.
    var redacted: String {
        switch self {
        case .maildir(let path): return "maildir://\(path)"
        case .smtp(let e):
            let scheme = e.security == .plain ? "smtp" : e.security == .startTLS ? "smtp+starttls" : "smtps"
            let user = e.username.map { "\($0)\(e.password == nil ? "" : ":***")@" } ?? ""
            let host = e.host.contains(":") ? "[\(e.host)]" : e.host
            return "\(scheme)://\(user)\(host):\(e.port)"
        }
    }
}
