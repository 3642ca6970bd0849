import BankTestSupport
import Foundation
import Logging
import Testing
@testable import BankMail

/// End-to-end delivery against a real SMTP server (aiosmtpd, see smtp_server.py).
/// Serialized: each test starts a Python process, and the machines have two cores.
@Suite(.serialized) struct SMTPDeliveryTests {
    let logger = Logger(label: "bankmail-test")
    let recipients = ["taro@example.jp", "hanako@example.jp"]

    func envelope(_ data: [UInt8] = Sample.message(to: ["taro@example.jp", "hanako@example.jp"])) -> MailEnvelope {
        MailEnvelope(messageID: Sample.messageID, from: Sample.fromAddress, recipients: recipients, data: data)
    }

    /// Starts the server with `arguments` (plus `--cert/--key` when `tls`), runs `body`, stops it.
    func withServer(_ arguments: [String], tls: Bool = false, certificateName: String = "localhost",
                    _ body: (SMTPTestServer, _ caFile: String?) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var arguments = arguments, caFile: String?
        if tls {
            let (cert, key) = certificateName == "localhost" ? try await makeTestCertificate(in: directory.path)
                : try await makeTestCertificate(in: directory.path, commonName: certificateName, subjectAltName: "DNS:\(certificateName)")
            arguments += ["--cert", cert, "--key", key]
            caFile = cert
        }
        let server = try await SMTPTestServer(arguments, in: directory)
        defer { server.stop() }
        try await body(server, caFile)
    }

    func failure(_ settings: MailSettings, _ envelope: MailEnvelope) async throws -> MailDeliveryError? {
        let transport = try MailTransports.make(settings, logger: logger)
        do {
            try await transport.send(envelope)
            return nil
        } catch {
            return error
        }
    }

    @Test func plainDeliveryOfAJapaneseMessage() async throws {
        try await withServer([]) { server, _ in
            let transport = try MailTransports.make(MailSettings(url: "smtp://127.0.0.1:\(server.port)"), logger: logger)
            try await transport.send(envelope())
            let messages = try server.messages()
            try #require(messages.count == 1)
            let captured = messages[0]
            #expect(captured.mailFrom == Sample.fromAddress)
            #expect(captured.recipients == recipients)
            #expect(!captured.tls && captured.authenticatedAs == nil)
            #expect(captured.data == envelope().data, "the server received exactly the composed bytes")
            let parsed = try ParsedMessage(captured.data)
            #expect(try decodeRFC2047(parsed.header("Subject") ?? "") == Sample.subject)
            #expect(try decodeRFC2047(parsed.header("From") ?? "") == "\(Sample.fromName) <\(Sample.fromAddress)>")
            #expect(parsed.header("To") == "taro@example.jp, hanako@example.jp")
            #expect(parsed.header("Message-ID") == Sample.messageID)
            #expect(try parsed.decodedBody() == Sample.body.replacingOccurrences(of: "\n", with: "\r\n"))
        }
    }

    /// Base64 bodies never start a line with ".", so a hand-made text message checks that
    /// dot-stuffing survives the round trip byte for byte.
    @Test func dotStuffingRoundTrip() async throws {
        let text = "Subject: dots\r\n\r\n.\r\n..\r\n.hidden line\r\n. \r\nend.\r\n...\r\n"
        try await withServer([]) { server, _ in
            let transport = try MailTransports.make(MailSettings(url: "smtp://127.0.0.1:\(server.port)"), logger: logger)
            try await transport.send(envelope(Array(text.utf8)))
            #expect(try server.messages().map(\.data) == [Array(text.utf8)])
        }
    }

    @Test func plainURLDoesNotUpgradeWhenStartTLSIsOffered() async throws {
        try await withServer(["--starttls"], tls: true) { server, _ in
            let transport = try MailTransports.make(MailSettings(url: "smtp://127.0.0.1:\(server.port)"), logger: logger)
            try await transport.send(envelope())
            #expect(try server.messages().map(\.tls) == [false])
        }
    }

    @Test func startTLSWithAuthPlain() async throws {
        let arguments = ["--starttls", "--require-starttls", "--user", "bank@kyoei", "--password", "p@ss:w/rd 秘密"]
        try await withServer(arguments, tls: true) { server, caFile in
            let url = "smtp+starttls://bank%40kyoei:p%40ss%3Aw%2Frd%20%E7%A7%98%E5%AF%86@127.0.0.1:\(server.port)"
            let transport = try MailTransports.make(MailSettings(url: url, caFile: caFile), logger: logger)
            try await transport.send(envelope())
            let messages = try server.messages()
            #expect(messages.map(\.tls) == [true])
            #expect(messages.map(\.authenticatedAs) == ["bank@kyoei"])
            #expect(messages.first?.data == envelope().data)
        }
    }

    @Test func implicitTLSWithCredentialsFromSettings() async throws {
        try await withServer(["--smtps", "--user", "bank", "--password", "secret"], tls: true) { server, caFile in
            let settings = MailSettings(url: "smtps://127.0.0.1:\(server.port)", username: "bank", password: "secret", caFile: caFile)
            try await MailTransports.make(settings, logger: logger).send(envelope())
            let messages = try server.messages()
            #expect(messages.map(\.tls) == [true] && messages.map(\.authenticatedAs) == ["bank"])
        }
    }

    @Test func untrustedCertificateIsPermanent() async throws {
        try await withServer(["--starttls", "--require-starttls"], tls: true) { server, _ in
            let error = try await failure(MailSettings(url: "smtp+starttls://127.0.0.1:\(server.port)"), envelope())
            guard case .permanent(let reason) = error else { Issue.record("expected permanent, got \(String(describing: error))"); return }
            #expect(reason.contains("certificate"))
            #expect(try server.messages().isEmpty)
        }
    }

    @Test func implicitTLSWithUntrustedCertificateIsPermanent() async throws {
        try await withServer(["--smtps"], tls: true) { server, _ in
            let error = try await failure(MailSettings(url: "smtps://127.0.0.1:\(server.port)"), envelope())
            #expect(error?.isTemporary == false, "\(String(describing: error))")
        }
    }

    /// A trusted certificate issued to another name must not be accepted.
    @Test func certificateForAnotherHostIsPermanent() async throws {
        try await withServer(["--starttls", "--require-starttls"], tls: true, certificateName: "mail.example.org") { server, caFile in
            let error = try await failure(MailSettings(url: "smtp+starttls://127.0.0.1:\(server.port)", caFile: caFile), envelope())
            #expect(error?.isTemporary == false, "\(String(describing: error))")
            #expect(try server.messages().isEmpty)
        }
    }

    @Test func authLoginWhenPlainIsNotOffered() async throws {
        try await withServer(["--user", "bank", "--password", "pw", "--auth-plaintext", "--no-auth-plain"]) { server, _ in
            try await MailTransports.make(MailSettings(url: "smtp://bank:pw@127.0.0.1:\(server.port)"), logger: logger).send(envelope())
            #expect(try server.messages().map(\.authenticatedAs) == ["bank"])
        }
    }

    @Test func startTLSRequiredButNotOfferedIsPermanent() async throws {
        try await withServer([]) { server, _ in
            let error = try await failure(MailSettings(url: "smtp+starttls://127.0.0.1:\(server.port)"), envelope())
            guard case .permanent(let reason) = error else { Issue.record("expected permanent, got \(String(describing: error))"); return }
            #expect(reason.contains("STARTTLS"))
        }
    }

    @Test func plaintextAuthOnLoopback() async throws {
        try await withServer(["--user", "bank", "--password", "pw", "--auth-plaintext"]) { server, _ in
            let transport = try MailTransports.make(MailSettings(url: "smtp://bank:pw@127.0.0.1:\(server.port)"), logger: logger)
            try await transport.send(envelope())
            #expect(try server.messages().map(\.authenticatedAs) == ["bank"])
        }
    }

    @Test func wrongPasswordIsPermanent() async throws {
        try await withServer(["--user", "bank", "--password", "pw", "--auth-plaintext"]) { server, _ in
            let error = try await failure(MailSettings(url: "smtp://bank:wrong@127.0.0.1:\(server.port)"), envelope())
            guard case .permanent(let reason) = error else { Issue.record("expected permanent, got \(String(describing: error))"); return }
            #expect(reason.contains("535") && !reason.contains("wrong"))
        }
    }

    @Test func rejectedRecipientIsPermanent() async throws {
        try await withServer(["--mode", "reject"]) { server, _ in
            let error = try await failure(MailSettings(url: "smtp://127.0.0.1:\(server.port)"), envelope())
            guard case .permanent(let reason) = error else { Issue.record("expected permanent, got \(String(describing: error))"); return }
            #expect(reason.contains("550"))
        }
    }

    @Test func temporaryRecipientFailureIsTemporary() async throws {
        try await withServer(["--mode", "tempfail"]) { server, _ in
            let error = try await failure(MailSettings(url: "smtp://127.0.0.1:\(server.port)"), envelope())
            guard case .temporary(let reason) = error else { Issue.record("expected temporary, got \(String(describing: error))"); return }
            #expect(reason.contains("451"))
        }
    }

    @Test func heloFallbackWhenEHLOIsRejected() async throws {
        try await withServer(["--no-ehlo"]) { server, _ in
            try await MailTransports.make(MailSettings(url: "smtp://127.0.0.1:\(server.port)"), logger: logger).send(envelope())
            #expect(try server.messages().count == 1)
        }
    }

    @Test func messageOverTheServersSizeLimitIsPermanent() async throws {
        try await withServer(["--size-limit", "200"]) { server, _ in
            let error = try await failure(MailSettings(url: "smtp://127.0.0.1:\(server.port)"), envelope())
            guard case .permanent(let reason) = error else { Issue.record("expected permanent, got \(String(describing: error))"); return }
            #expect(reason.contains("SIZE"))
            #expect(try server.messages().isEmpty)
        }
    }

    @Test func connectionRefusedIsTemporary() async throws {
        let refusing = try RefusingPort()
        let error = try await failure(MailSettings(url: "smtp://127.0.0.1:\(refusing.port)"), envelope())
        withExtendedLifetime(refusing) {}
        #expect(error?.isTemporary == true, "\(String(describing: error))")
    }

    /// A listener that never greets: the kernel completes the TCP handshake from the backlog
    /// without anyone calling accept(), so only our reply timeout can end the wait.
    @Test func silentServerTimesOutTemporarily() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let settings = MailSettings(url: "smtp://127.0.0.1:\(listener.port)", commandTimeout: .milliseconds(300))
        let started = ContinuousClock.now
        let error = try await failure(settings, envelope())
        guard case .temporary(let reason) = error else { Issue.record("expected temporary, got \(String(describing: error))"); return }
        #expect(reason.contains("timed out"))
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
