import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers through an SMTP relay: one connection per message, which keeps failure
/// handling simple and is plenty for a bank's notification volume.
struct SMTPTransport: MailTransport {
    let endpoint: SMTPEndpoint
    let tlsContext: NIOSSLContext?
    let heloName: String
    let connectTimeout: Duration
    let commandTimeout: Duration
    let logger: Logger

    func send(_ envelope: MailEnvelope) async throws(MailDeliveryError) {
        var logger = self.logger
        logger[metadataKey: "message_id"] = "\(envelope.messageID)"
        logger[metadataKey: "recipients"] = "\(envelope.recipients.count)"
        try Self.validate(envelope)
        let connection: SMTPConnection
        do {
            connection = try await SMTPConnection.connect(
                host: endpoint.host, port: endpoint.port,
                tls: endpoint.security == .implicitTLS ? tlsContext : nil, serverHostname: endpoint.tlsServerName,
                connectTimeout: connectTimeout.timeAmount, commandTimeout: commandTimeout.timeAmount)
        } catch {
            let failure = Self.classify(error, context: "connecting to \(endpoint.host):\(endpoint.port)")
            logger.debug("smtp connect failed", metadata: ["error": "\(failure)"])
            throw failure
        }
        do {
            try await SMTPClient(connection: connection, endpoint: endpoint, tlsContext: tlsContext,
                                 heloName: heloName, logger: logger).deliver(envelope)
            await connection.close()
            logger.debug("smtp delivery done")
        } catch {
            await connection.close()
            let failure = Self.classify(error, context: "SMTP with \(endpoint.host):\(endpoint.port)")
            logger.debug("smtp delivery failed", metadata: ["error": "\(failure)"])
            throw failure
        }
    }

    /// Addresses go into command lines: CR, LF, brackets or spaces would let a value inject
    /// commands, and non-ASCII needs SMTPUTF8, which we do not speak.
    static func validate(_ envelope: MailEnvelope) throws(MailDeliveryError) {
        func ok(_ address: String) -> Bool {
            address.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
        }
        guard !envelope.recipients.isEmpty else { throw .permanent("message has no recipients") }
        guard envelope.from.isEmpty || ok(envelope.from) else { throw .permanent("invalid sender address") }
        for (index, recipient) in envelope.recipients.enumerated() where recipient.isEmpty || !ok(recipient) {
            throw .permanent("invalid recipient address (recipient \(index + 1))")
        }
    }

    /// Sorts what went wrong into retry-or-not. Certificate problems will not heal by
    /// themselves (and must not be waved through), so they are permanent; all other I/O
    /// trouble (refused, reset, timeouts, TLS I/O) may pass, so it is temporary.
    static func classify(_ error: any Error, context: String) -> MailDeliveryError {
        switch error {
        case let error as MailDeliveryError:
            return error
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return .permanent("\(context): TLS certificate does not match the host name (\(error))")
        case let error as NIOSSLError:
            if case .handshakeFailed(let inner) = error, "\(inner)".contains("CERTIFICATE_VERIFY_FAILED") {
                return .permanent("\(context): TLS certificate verification failed (untrusted or invalid certificate)")
            }
            return .temporary("\(context): TLS error \(error)")
        case let error as SMTPProtocolError:
            return .temporary("\(context): \(error)")
        case ChannelError.connectTimeout:
            return .temporary("\(context): connect timed out")
        default:
            return .temporary("\(context): \(error)")
        }
    }
}
