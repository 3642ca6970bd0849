import Foundation
import Logging
import NIOSSL

/// The SMTP dialogue for one message over one connection (RFC 5321, 3207, 4954, 1870).
/// Reply codes become `MailDeliveryError`s here; I/O errors are classified by the caller.
struct SMTPClient {
    let connection: SMTPConnection
    let endpoint: SMTPEndpoint
    let tlsContext: NIOSSLContext?
    let heloName: String
    let logger: Logger

    /// Greeting, EHLO, STARTTLS, AUTH, the envelope, DATA, QUIT.
    func deliver(_ envelope: MailEnvelope) async throws {
        do {
            try check(try await connection.readReply(waitingFor: "the greeting"), 220, step: "greeting")
            var tlsActive = endpoint.security == .implicitTLS
            var capabilities = try await hello()
            // smtp:// stays plaintext even when STARTTLS is offered: plain means plain.
            if endpoint.security == .startTLS {
                guard capabilities.startTLS else {
                    throw MailDeliveryError.permanent("server does not offer STARTTLS, which smtp+starttls:// requires")
                }
                try check(try await connection.command("STARTTLS", what: "STARTTLS"), 220, step: "STARTTLS")
                guard let tlsContext else { throw MailDeliveryError.permanent("no TLS configuration for STARTTLS") }
                try await connection.startTLS(context: tlsContext, serverHostname: endpoint.tlsServerName)
                tlsActive = true
                capabilities = try await hello()  // RFC 3207: forget everything learnt before TLS
            }
            if let username = endpoint.username {
                try await authenticate(username: username, password: endpoint.password ?? "",
                                       capabilities: capabilities, tlsActive: tlsActive)
            }
            try await transfer(envelope, capabilities: capabilities)
        } catch let error as MailDeliveryError {
            // The server is still talking to us: say goodbye so it does not log an abort.
            _ = try? await connection.command("QUIT", what: "QUIT")
            throw error
        }
        // The mail is accepted: say QUIT without waiting for the answer, so the bank records
        // the delivery at once (a slow reply here would only widen the window in which a
        // crash makes the outbox send the mail again).
        try? await connection.write(Array("QUIT\r\n".utf8))
    }

    /// EHLO, or HELO for a server that rejects EHLO with 5xx (it then has no extensions).
    private func hello() async throws -> SMTPCapabilities {
        let reply = try await connection.command("EHLO \(heloName)", what: "EHLO")
        logger.debug("smtp EHLO", metadata: ["code": "\(reply.code)"])
        if reply.isPositiveCompletion { return SMTPCapabilities(ehloReply: reply) }
        guard reply.isPermanentFailure else { try check(reply, 250, step: "EHLO"); return SMTPCapabilities() }
        try check(try await connection.command("HELO \(heloName)", what: "HELO"), 250, step: "HELO")
        return SMTPCapabilities()
    }

    /// AUTH PLAIN when offered (one round trip), else AUTH LOGIN. Secrets go only on the
    /// wire, never into errors or logs.
    private func authenticate(username: String, password: String, capabilities: SMTPCapabilities,
                              tlsActive: Bool) async throws {
        guard tlsActive || endpoint.isLoopback else {
            throw MailDeliveryError.permanent("refusing to send the SMTP password in plaintext to non-loopback host \(endpoint.host); use smtp+starttls:// or smtps://")
        }
        let mechanisms = capabilities.authMechanisms
        guard !mechanisms.isEmpty else {
            throw MailDeliveryError.permanent("SMTP credentials are configured but the server offers no AUTH")
        }
        if mechanisms.contains("PLAIN") {
            let token = Self.base64(Array("\0\(username)\0\(password)".utf8))
            var reply = try await connection.command("AUTH PLAIN \(token)", what: "AUTH PLAIN")
            if reply.code == 334 {  // a server that wants the response on its own line
                reply = try await connection.command(token, what: "AUTH PLAIN response")
            }
            try check(reply, 235, step: "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            try check(try await connection.command("AUTH LOGIN", what: "AUTH LOGIN"), 334, step: "AUTH LOGIN")
            try check(try await connection.command(Self.base64(Array(username.utf8)), what: "AUTH LOGIN user"), 334, step: "AUTH LOGIN user")
            try check(try await connection.command(Self.base64(Array(password.utf8)), what: "AUTH LOGIN password"), 235, step: "AUTH LOGIN password")
        } else {
            throw MailDeliveryError.permanent("server offers no AUTH mechanism we support (PLAIN, LOGIN); it offers \(mechanisms.sorted().joined(separator: " "))")
        }
        logger.debug("smtp AUTH accepted")
    }

    private func transfer(_ envelope: MailEnvelope, capabilities: SMTPCapabilities) async throws {
        if let limit = capabilities.maxSize, envelope.data.count > limit {
            throw MailDeliveryError.permanent("message of \(envelope.data.count) bytes exceeds the server's SIZE limit of \(limit)")
        }
        // Our bodies are base64, so BODY=8BITMIME is never needed.
        let sizeParameter = capabilities.announcesSize ? " SIZE=\(envelope.data.count)" : ""
        try check(try await connection.command("MAIL FROM:<\(envelope.from)>\(sizeParameter)", what: "MAIL FROM"), 250, step: "MAIL FROM")
        var failures: [(index: Int, reply: SMTPReply)] = []
        for (index, recipient) in envelope.recipients.enumerated() {
            let reply = try await connection.command("RCPT TO:<\(recipient)>", what: "RCPT TO")
            logger.debug("smtp RCPT", metadata: ["code": "\(reply.code)"])
            if reply.code != 250 && reply.code != 251 { failures.append((index, reply)) }
        }
        if !failures.isEmpty {
            // Partial delivery would need per-recipient state in the outbox; until then one
            // refused recipient fails the message, permanently if any refusal is permanent.
            let summary = failures.map { "recipient \($0.index + 1) of \(envelope.recipients.count): \($0.reply)" }
                .joined(separator: "; ")
            if failures.contains(where: { $0.reply.isPermanentFailure }) { throw MailDeliveryError.permanent("RCPT TO refused: \(summary)") }
            throw MailDeliveryError.temporary("RCPT TO refused: \(summary)")
        }
        try check(try await connection.command("DATA", what: "DATA"), 354, step: "DATA")
        try await connection.write(SMTPData.frame(envelope.data))
        let accepted = try await connection.readReply(waitingFor: "reply to the message data")
        try check(accepted, 250, step: "end of data")
        logger.debug("smtp message accepted", metadata: ["code": "\(accepted.code)"])
    }

    /// Anything but `expected` is a failure: 5xx permanent; 4xx temporary; any other code is
    /// a confused server, which may recover, so temporary as well.
    private func check(_ reply: SMTPReply, _ expected: Int, step: String) throws(MailDeliveryError) {
        guard reply.code != expected else { return }
        logger.debug("smtp unexpected reply", metadata: ["step": "\(step)", "code": "\(reply.code)"])
        if reply.isPermanentFailure { throw .permanent("\(step): \(reply)") }
        if reply.isTransientFailure { throw .temporary("\(step): \(reply)") }
        throw .temporary("\(step): unexpected reply \(reply)")
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}

extension SMTPEndpoint {
    /// SNI and certificate name: the host, except IP literals, which NIOSSL checks against
    /// the certificate's IP SANs when no name is given.
    var tlsServerName: String? { isIPLiteral ? nil : host }
}
