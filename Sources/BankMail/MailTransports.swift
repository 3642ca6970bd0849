import Foundation
import Logging
import NIOSSL

/// Builds the transport `KYOEI_MAIL_URL` asks for.
public enum MailTransports {
    /// Parses `settings.url` and returns a ready transport:
    /// - `smtp://[user:pw@]host[:port]`: port 25, plaintext (STARTTLS is not used even if offered);
    /// - `smtp+starttls://…`: port 587, STARTTLS required;
    /// - `smtps://…`: port 465, TLS from the start;
    /// - `maildir:///abs/path`, `maildir://./relative`: local Maildir.
    ///
    /// User and password come from the URL (percent-decoded) unless `settings.username` /
    /// `settings.password` are set, which win. AUTH happens only when a user is given.
    /// TLS always verifies the certificate and host name against the system roots plus
    /// `settings.caFile`. Configuration mistakes throw `.permanent` here, before any mail
    /// is attempted, including credentials over plaintext to a non-loopback host.
    public static func make(_ settings: MailSettings, logger: Logger) throws(MailDeliveryError) -> any MailTransport {
        switch try MailURL.parse(settings.url) {
        case .maildir(let path):
            return MaildirTransport(directory: path, logger: logger)
        case .smtp(var endpoint):
            if let username = settings.username { endpoint.username = username }
            if let password = settings.password { endpoint.password = password }
            if endpoint.username == nil && endpoint.password != nil {
                throw .permanent("an SMTP password is configured without a user name")
            }
            if endpoint.username != nil && endpoint.password == nil {
                throw .permanent("an SMTP user name is configured without a password")
            }
            if endpoint.username != nil && endpoint.security == .plain && !endpoint.isLoopback {
                throw .permanent("refusing SMTP AUTH over plaintext to non-loopback host \(endpoint.host): the password would cross the network in clear; use smtp+starttls:// or smtps://")
            }
            let tls = endpoint.security == .plain ? nil : try makeTLSContext(caFile: settings.caFile)
            let heloName = settings.heloName.isEmpty || settings.heloName.contains(where: { $0.isWhitespace || !$0.isASCII })
                ? "localhost" : settings.heloName
            logger.debug("mail transport configured", metadata: ["url": "\(MailURL.smtp(endpoint).redacted)"])
            return SMTPTransport(endpoint: endpoint, tlsContext: tls, heloName: heloName,
                                 connectTimeout: settings.connectTimeout, commandTimeout: settings.commandTimeout,
                                 logger: logger)
        }
    }

    /// Full verification (chain and host name), TLS 1.2 or later, system roots plus the
    /// optional extra CA (a private relay's CA, or a test's self-signed certificate).
    static func makeTLSContext(caFile: String?) throws(MailDeliveryError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        configuration.minimumTLSVersion = .tlsv12
        if let caFile {
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(caFile)
                guard !certificates.isEmpty else { throw MailDeliveryError.permanent("no certificate in \(caFile)") }
                configuration.additionalTrustRoots = [.certificates(certificates)]
            } catch {
                throw .permanent("cannot load the mail CA file \(caFile): \(error)")
            }
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .permanent("cannot set up TLS for mail: \(error)")
        }
    }
}
