import Foundation
import Logging
import Testing
@testable import BankMail

@Suite struct ReplyParserTests {
    @Test func multiLineReplies() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.feed("250-mail.example.jp Hello") == nil)
        #expect(try parser.feed("250-SIZE 1000") == nil)
        #expect(try parser.feed("250-AUTH=PLAIN") == nil)
        #expect(try parser.feed("250-AUTH LOGIN PLAIN CRAM-MD5") == nil)
        #expect(try parser.feed("250-STARTTLS") == nil)
        #expect(try parser.feed("250-8BITMIME") == nil)
        let reply = try #require(try parser.feed("250 HELP"))
        #expect(reply.code == 250 && reply.lines.count == 7)
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.startTLS && capabilities.eightBitMIME && capabilities.maxSize == 1000)
        #expect(capabilities.authMechanisms == ["PLAIN", "LOGIN", "CRAM-MD5"])
        #expect(try parser.feed("220 ready")?.lines == ["ready"])
        #expect(try parser.feed("354")?.code == 354)
    }

    @Test func sizeZeroMeansNoLimit() throws {
        var parser = SMTPReplyParser()
        _ = try parser.feed("250-x")
        let capabilities = SMTPCapabilities(ehloReply: try #require(try parser.feed("250 SIZE 0")))
        #expect(capabilities.announcesSize && capabilities.maxSize == nil && !capabilities.startTLS)
    }

    @Test func malformedLinesAreRejected() {
        for bad in ["", "25", "abc ok", "250*x", "150 nope", "250x"] {
            var parser = SMTPReplyParser()
            #expect(throws: SMTPProtocolError.self, "\(bad)") { try parser.feed(bad) }
        }
        var parser = SMTPReplyParser()
        _ = try? parser.feed("250-first")
        #expect(throws: SMTPProtocolError.self) { try parser.feed("251 other code") }
    }
}

@Suite struct DotStuffingTests {
    private func framed(_ text: String) -> String { String(decoding: SMTPData.frame(Array(text.utf8)), as: UTF8.self) }

    @Test func leadingDotsAreDoubled() {
        #expect(framed(".\r\n..\r\n.x\r\na.b\r\n") == "..\r\n...\r\n..x\r\na.b\r\n.\r\n")
        #expect(framed("a\r\n.") == "a\r\n..\r\n.\r\n")
    }

    @Test func lineEndsAreNormalised() {
        #expect(framed("a\n.b\rc") == "a\r\n..b\r\nc\r\n.\r\n")
        #expect(framed("") == ".\r\n")
    }
}

@Suite struct MailURLTests {
    @Test func smtpForms() throws {
        #expect(try MailURL.parse("smtp://mail.example.jp") == .smtp(SMTPEndpoint(security: .plain, host: "mail.example.jp", port: 25)))
        #expect(try MailURL.parse("smtp+starttls://u%40x:p%3Aw%2Fd@mail.example.jp") == .smtp(SMTPEndpoint(
            security: .startTLS, host: "mail.example.jp", port: 587, username: "u@x", password: "p:w/d")))
        #expect(try MailURL.parse("SMTPS://relay:2465/") == .smtp(SMTPEndpoint(security: .implicitTLS, host: "relay", port: 2465)))
        #expect(try MailURL.parse("smtp://[::1]:2525") == .smtp(SMTPEndpoint(security: .plain, host: "::1", port: 2525)))
    }

    @Test func maildirForms() throws {
        #expect(try MailURL.parse("maildir:///var/mail/kyoei") == .maildir(path: "/var/mail/kyoei"))
        let cwd = FileManager.default.currentDirectoryPath
        #expect(try MailURL.parse("maildir://./var/mail") == .maildir(path: URL(fileURLWithPath: cwd).appendingPathComponent("var/mail").path))
    }

    @Test func badURLsArePermanent() {
        for bad in ["mail.example.jp", "http://x", "smtp://", "smtp://host:0", "smtp://host:99999", "smtp://host/path",
                    "maildir://", "maildir://relative/without/dot", "smtp://[::1"] {
            #expect(throws: MailDeliveryError.self, "\(bad)") { try MailURL.parse(bad) }
            do { _ = try MailURL.parse(bad) } catch { #expect(!error.isTemporary) }
        }
    }

    @Test func redactionHidesThePassword() throws {
        let settings = MailSettings(url: "smtps://bank:s3cret@relay.example.jp", password: "other")
        #expect(!settings.description.contains("s3cret") && !settings.description.contains("other"))
        #expect(settings.description.contains("smtps://bank:***@relay.example.jp:465"))
    }
}

@Suite struct TransportConfigurationTests {
    let logger = Logger(label: "test")

    @Test func plaintextAuthToARemoteHostIsRefused() {
        #expect {
            _ = try MailTransports.make(MailSettings(url: "smtp://bank:pw@mail.example.jp"), logger: logger)
        } throws: { error in
            guard case .permanent(let reason) = error as? MailDeliveryError else { return false }
            return reason.contains("plaintext") && !reason.contains("pw@")
        }
        #expect(throws: MailDeliveryError.self) {
            _ = try MailTransports.make(MailSettings(url: "smtp://mail.example.jp", username: "bank", password: "pw"), logger: logger)
        }
    }

    @Test func acceptedConfigurations() throws {
        _ = try MailTransports.make(MailSettings(url: "smtp://bank:pw@127.0.0.1:2525"), logger: logger)
        _ = try MailTransports.make(MailSettings(url: "smtp://mail.example.jp"), logger: logger)
        _ = try MailTransports.make(MailSettings(url: "smtp+starttls://mail.example.jp", username: "u", password: "p"), logger: logger)
        #expect(try MailTransports.make(MailSettings(url: "maildir:///tmp/x"), logger: logger) is MaildirTransport)
    }

    @Test func halfCredentialsAndMissingCAFileArePermanent() {
        #expect(throws: MailDeliveryError.self) {
            _ = try MailTransports.make(MailSettings(url: "smtps://mail.example.jp", username: "u"), logger: logger)
        }
        #expect(throws: MailDeliveryError.self) {
            _ = try MailTransports.make(MailSettings(url: "smtps://mail.example.jp", caFile: "/nonexistent/ca.pem"), logger: logger)
        }
    }
}
