import Foundation

/// A message ready to send: the envelope and the RFC 5322 bytes.
///
/// `data` has CRLF line ends and is *not* dot-stuffed: each transport applies its own
/// framing (SMTP dot-stuffs on the wire, Maildir stores the bytes as they are).
public struct MailEnvelope: Sendable, Equatable {
    /// The Message-ID (with or without angle brackets); used for logs, never the body.
    public var messageID: String
    /// The envelope sender (`MAIL FROM`), a bare address without angle brackets.
    public var from: String
    /// The envelope recipients (`RCPT TO`), bare addresses.
    public var recipients: [String]
    /// The complete message: headers, blank line, body.
    public var data: [UInt8]

    public init(messageID: String, from: String, recipients: [String], data: [UInt8]) {
        self.messageID = messageID
        self.from = from
        self.recipients = recipients
        self.data = data
    }
}

/// Why a message was not delivered, split by what the caller should do next.
public enum MailDeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Retry later: 4xx replies, connection refused or reset, timeouts, TLS I/O failures.
    case temporary(String)
    /// Do not retry: 5xx replies, bad configuration, certificate verification failures.
    case permanent(String)

    /// The human-readable reason, without the classification.
    public var reason: String {
        switch self {
        case .temporary(let reason), .permanent(let reason): return reason
        }
    }

    /// `true` for `.temporary`: the outbox should schedule another attempt.
    public var isTemporary: Bool {
        if case .temporary = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .temporary(let reason): return "temporary mail failure: \(reason)"
        case .permanent(let reason): return "permanent mail failure: \(reason)"
        }
    }
}

/// Something that delivers a message: SMTP to a relay, or a local Maildir.
public protocol MailTransport: Sendable {
    /// Delivers one message, or says whether trying again later could help.
    func send(_ envelope: MailEnvelope) async throws(MailDeliveryError)
}

/// How to reach the mail relay (`KYOEI_MAIL_URL` and friends).
public struct MailSettings: Sendable, CustomStringConvertible {
    /// `smtp://[user:pw@]host[:port]`, `smtp+starttls://…`, `smtps://…`,
    /// `maildir:///abs/path` or `maildir://./relative/path`.
    public var url: String
    /// SMTP user; when set it overrides a user in the URL (so the secret can live elsewhere).
    public var username: String?
    /// SMTP password; when set it overrides a password in the URL.
    public var password: String?
    /// A PEM file of CA certificates trusted in addition to the system's roots.
    public var caFile: String?
    /// The name this client gives in EHLO/HELO.
    public var heloName: String
    /// How long to wait for the TCP connection.
    public var connectTimeout: Duration
    /// How long to wait for each server reply (and the TLS handshake).
    public var commandTimeout: Duration

    public init(url: String, username: String? = nil, password: String? = nil, caFile: String? = nil,
                heloName: String = "localhost", connectTimeout: Duration = .seconds(10),
                commandTimeout: Duration = .seconds(60)) {
        self.url = url
        self.username = username
        self.password = password
        self.caFile = caFile
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }

    /// Safe to log: the password (in the URL or the field) is replaced by `***`.
    public var description: String {
        let shownURL = (try? MailURL.parse(url))?.redacted ?? "<unparseable mail URL>"
        return "MailSettings(url: \(shownURL), username: \(username ?? "nil"), password: \(password == nil ? "nil" : "***"), "
            + "caFile: \(caFile ?? "nil"), heloName: \(heloName))"
    }
}
