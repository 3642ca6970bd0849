import BankCore
import BankMail
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Logging
import Testing

/// The メール通知パスワード as the customer gets it: queued with the choice of payee, sent by
/// the delivery worker over SMTP to a real server (aiosmtpd), read from what that server
/// received, and typed on the 確認画面.
@Suite struct TransferMailOverSMTPTests {
    typealias Flow = MailPasswordTransferTests

    @Test(arguments: TestDatabases.engines)
    func theMailedPasswordArrivesOverSMTPAndPays(engine: DatabaseEngine) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try await SMTPTestServer([], in: directory)
        defer { server.stop() }
        try await Flow.withMailPassword(engine) { world, payeeID in
            let transport = try MailTransports.make(MailSettings(url: "smtp://127.0.0.1:\(server.port)"),
                                                    logger: Logger(label: "kyoei.test.smtp"))
            let worker = MailDeliveryWorker(bank: world.bank, transport: transport, policy: MailRetryPolicy())
            let choice = DestinationChoice.customerPayee(id: payeeID)
            _ = try await Flow.select(world, choice)
            let report = try await worker.deliverDue()
            #expect(report.sent >= 1 && report.failed == 0)

            let received = try server.messages().map { String(decoding: $0.data, as: UTF8.self) }
            let passwordMails = try received.filter { try MailText.body(raw: $0).contains("メール通知パスワード: ") }
            #expect(passwordMails.count == 1)
            let passwordMail = try #require(passwordMails.first)
            let password = try #require(MailText.password(in: try MailText.body(raw: passwordMail)))
            let envelope = try server.messages().first { String(decoding: $0.data, as: UTF8.self) == passwordMail }
            #expect(envelope?.recipients == ["tanaka01@example.jp"])
            // Sent, the secret is no longer kept in the outbox.
            let stored = try #require(try await world.outbox(kind: "mail_password").first)
            #expect(stored.status == .sent && !stored.data.contains(password))

            let confirmation = try await Flow.prepare(world, choice)
            let before = try await world.balance(world.payer.ordinary)
            let outcome = try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: password)
            #expect(!outcome.replayed && outcome.transfer.status == .completed)
            #expect(outcome.transfer.factors.presented.contains(.mailPassword))
            #expect(try await world.balance(world.payer.ordinary) == before - confirmation.amount.value - confirmation.fee.value)

            // The 振込受付のお知らせ follows over SMTP too.
            _ = try await worker.deliverDue()
            let notices = try server.messages().map { String(decoding: $0.data, as: UTF8.self) }
                .filter { try MailText.body(raw: $0).contains(outcome.transfer.receptionNumber) }
            #expect(notices.count == 1)
        }
    }
}
