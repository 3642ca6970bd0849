import BankCore
import BankMail
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Logging
import Testing

@Suite struct MailDeliveryWorkerTests {
    static let logger = Logger(label: "kyoei.test.mail")

    static func temporaryMaildir() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kyoei-maildir-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func files(in maildir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: maildir + "/new")) ?? []).sorted()
    }

    /// A port on which nothing listens: connecting is refused, a temporary failure.
    static func closedPort() throws -> Int {
        let socket = try ServerSocketProbe.bindEphemeral()
        defer { socket.close() }
        return socket.port
    }

    @Test(arguments: TestDatabases.engines)
    func queuedMailIsDeliveredExactlyOnce(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { bank in
            let maildir = try Self.temporaryMaildir()
            defer { try? FileManager.default.removeItem(atPath: maildir) }
            let worker = MailDeliveryWorker(bank: bank, transport: MaildirTransport(directory: maildir, logger: Self.logger),
                                            policy: MailRetryPolicy())
            let queued = try await bank.mailOutbox.enqueueTest(to: "Hanako@Example.jp", by: .operator(name: "test"))
            #expect(queued.status == .queued)
            #expect(queued.recipients == ["Hanako@example.jp"])
            #expect(try await worker.deliverDue() == DeliveryReport(sent: 1))
            #expect(try await worker.deliverDue() == DeliveryReport())
            let files = Self.files(in: maildir)
            #expect(files.count == 1)
            let text = try String(contentsOfFile: maildir + "/new/" + files[0], encoding: .utf8)
            #expect(text.contains("Message-ID: \(queued.messageID)"))
            #expect(text.contains("To: Hanako@example.jp"))
            let stored = try #require(try await bank.mailOutbox.list(status: nil, limit: 10).first)
            #expect(stored.status == .sent && stored.attempts == 1 && stored.sentAt == bank.clock.now())
        }
    }

    @Test func badRecipientsAreRefusedAndNothingIsQueued() async throws {
        try await TestDatabases.withBank { bank in
            await #expect(throws: BankError.invalidInput([FieldError(field: "to", messageKey: "error.mail.invalid")])) {
                try await bank.mailOutbox.enqueueTest(to: "not an address", by: .operator(name: "test"))
            }
            let outbox = try await bank.mailOutbox.list(status: nil, limit: 10)
            #expect(outbox.isEmpty)
        }
    }

    /// The mail server is down: the mail waits with growing delays, then fails for good,
    /// audited, and is never tried again.
    @Test(arguments: TestDatabases.engines)
    func unreachableServerBacksOffThenFails(engine: DatabaseEngine) async throws {
        let clock = ManualClock()
        try await TestDatabases.withBank(engine, clock: clock) { bank in
            let transport = try MailTransports.make(MailSettings(url: "smtp://127.0.0.1:\(try Self.closedPort())",
                                                                 connectTimeout: .seconds(2)), logger: Self.logger)
            let policy = MailRetryPolicy(maxAttempts: 3, baseDelay: 30, maxDelay: 3600)
            let worker = MailDeliveryWorker(bank: bank, transport: transport, policy: policy)
            let queued = try await bank.mailOutbox.enqueueTest(to: "hanako@example.jp", by: .operator(name: "test"))

            #expect(try await worker.deliverDue() == DeliveryReport(retried: 1))
            var mail = try #require(try await bank.mailOutbox.list(status: nil, limit: 1).first)
            #expect(mail.status == .queued && mail.attempts == 1)
            #expect(mail.nextAttemptAt == clock.now().addingTimeInterval(30))
            #expect(mail.lastError?.isEmpty == false)

            clock.advance(by: 29)
            #expect(try await worker.deliverDue() == DeliveryReport(), "not due before its delay")
            clock.advance(by: 1)
            #expect(try await worker.deliverDue() == DeliveryReport(retried: 1))
            mail = try #require(try await bank.mailOutbox.list(status: nil, limit: 1).first)
            #expect(mail.nextAttemptAt == clock.now().addingTimeInterval(60), "the delay doubles")

            clock.advance(by: 60)
            #expect(try await worker.deliverDue() == DeliveryReport(failed: 1))
            clock.advance(by: 86_400)
            #expect(try await worker.deliverDue() == DeliveryReport(), "a failed mail is not retried by itself")
            mail = try #require(try await bank.mailOutbox.list(status: nil, limit: 1).first)
            #expect(mail.status == .failed && mail.attempts == 3)
            let audit = try await bank.audit.trail(loginID: nil, limit: 10).filter { $0.event == "mail_failed" }
            #expect(audit.count == 1)
            #expect(audit.first?.detail.contains(queued.messageID) == true)

            // The bank can put it back by hand.
            let retried = try await bank.mailOutbox.retry(id: mail.id, by: .operator(name: "test"))
            #expect(retried.status == .queued && retried.attempts == 0)
            await #expect(throws: BankError.mailNotRetryable) { try await bank.mailOutbox.retry(id: 999_999, by: .operator(name: "test")) }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func expiredSecretMailIsNeverSent(engine: DatabaseEngine) async throws {
        let clock = ManualClock()
        try await TestDatabases.withBank(engine, clock: clock) { bank in
            let maildir = try Self.temporaryMaildir()
            defer { try? FileManager.default.removeItem(atPath: maildir) }
            try await bank.database.transaction { db in
                try await OutboxRecords.enqueue(db, NewOutboxMail(
                    messageID: "<secret@kyoei.example>", kind: "mail_password", customerID: nil, fromAddress: "bank@kyoei.example",
                    recipients: ["hanako@example.jp"], data: "Subject: x\r\n\r\nパスワード 12345678\r\n", urgent: true,
                    containsSecret: true, expiresAt: clock.now().addingTimeInterval(60)), at: clock.now())
            }
            clock.advance(by: 60)
            let worker = MailDeliveryWorker(bank: bank, transport: MaildirTransport(directory: maildir, logger: Self.logger),
                                            policy: MailRetryPolicy())
            #expect(try await worker.deliverDue() == DeliveryReport(expired: 1))
            #expect(Self.files(in: maildir).isEmpty)
            let mail = try #require(try await bank.mailOutbox.list(status: nil, limit: 1).first)
            #expect(mail.status == .expired && mail.data.isEmpty)
            #expect(try await bank.audit.trail(loginID: nil, limit: 10).contains { $0.event == "mail_expired" })
        }
    }

    /// Every login notice and transfer mail wakes a pass, so a pass is counted: the expiry only
    /// looked for (a read), the claim, the result and the claim that finds nothing each one
    /// statement in autocommit — no transaction, so on PostgreSQL 4 round trips where BEGIN and
    /// COMMIT around each made it 12.
    @Test(arguments: TestDatabases.engines)
    func aPassSendingOneMailTakesFourStatementsAndNoTransaction(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { bank in
            let maildir = try Self.temporaryMaildir()
            defer { try? FileManager.default.removeItem(atPath: maildir) }
            let database = CountingDatabase(bank.database)
            let counted = Bank(database: database, clock: bank.clock, hasher: TestDatabases.cheapHasher,
                               settings: bank.context.settings, logger: TestDatabases.logger)
            let worker = MailDeliveryWorker(bank: counted, transport: MaildirTransport(directory: maildir, logger: Self.logger),
                                            policy: MailRetryPolicy())
            let queued = try await bank.mailOutbox.enqueueTest(to: "hanako@example.jp", by: .operator(name: "test"))
            database.reset()
            #expect(try await worker.deliverDue() == DeliveryReport(sent: 1))
            let counts = database.counts
            #expect(counts.transactions == 0 && counts.snapshots == 0, "\(counts)")
            #expect(counts.reads == 1 && counts.autocommits == 3 && counts.statements == 4, "\(counts)")
            #expect(counts.roundTrips == 4, "\(counts)")
            #expect(Self.files(in: maildir).count == 1)
            let stored = try #require(try await bank.mailOutbox.list(status: nil, limit: 10).first { $0.id == queued.id })
            #expect(stored.status == .sent && stored.attempts == 1)
        }
    }

    /// The worker's look for expired secrets finds exactly what the expiry would blank: a
    /// secret past its time, queued or held by a worker whose lease ran out; not one still
    /// valid, not one a live worker holds, nothing once blanked.
    @Test(arguments: TestDatabases.engines)
    func theLookForExpiredSecretsFindsWhatTheExpiryBlanks(engine: DatabaseEngine) async throws {
        let clock = ManualClock()
        try await TestDatabases.withBank(engine, clock: clock) { bank in
            func secret(_ name: String) -> NewOutboxMail {
                NewOutboxMail(messageID: "<\(name)@kyoei.example>", kind: "mail_password", customerID: nil,
                              fromAddress: "bank@kyoei.example", recipients: ["hanako@example.jp"],
                              data: "Subject: x\r\n\r\nパスワード 12345678\r\n", urgent: true, containsSecret: true,
                              expiresAt: clock.now().addingTimeInterval(60))
            }
            func look() async throws -> Bool {
                try await bank.database.read { db in try await OutboxRecords.hasExpiredSecrets(db, now: clock.now()) }
            }
            func expire() async throws -> [String] {
                try await bank.database.transaction { db in try await OutboxRecords.expireSecrets(db, now: clock.now()) }
                    .map(\.messageID)
            }
            try await bank.database.transaction { db in
                try await OutboxRecords.enqueue(db, secret("held"), at: clock.now())
                _ = try await OutboxRecords.claim(db, engine: engine, limit: 1, now: clock.now(),
                                                  leaseUntil: clock.now().addingTimeInterval(300))
                try await OutboxRecords.enqueue(db, secret("queued"), at: clock.now())
                _ = try await OutboxRecords.enqueue(db, NewOutboxMail(
                    messageID: "<plain@kyoei.example>", kind: "test", customerID: nil, fromAddress: "bank@kyoei.example",
                    recipients: ["hanako@example.jp"], data: "Subject: x\r\n\r\nx\r\n", urgent: false, containsSecret: false,
                    expiresAt: clock.now().addingTimeInterval(60)), at: clock.now())
            }
            #expect(try await look() == false, "nothing has expired yet")
            clock.advance(by: 60)
            #expect(try await look() == true)
            #expect(try await expire() == ["<queued@kyoei.example>"], "the held one's worker is alive; the plain one is no secret")
            #expect(try await look() == false, "blanked: nothing left to find")
            clock.advance(by: 300)
            #expect(try await look() == true, "the held one's lease ran out")
            #expect(try await expire() == ["<held@kyoei.example>"])
            #expect(try await look() == false)
        }
    }

    /// Whether `condition` holds within 60 s (looked at every 10 ms): a deadline for a
    /// failure only, never a window a passing run depends on.
    static func eventually(_ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return await condition()
    }

    /// A commit wakes the running worker: the mail goes out without waiting for the poll.
    @Test func enqueueWakesTheWorker() async throws {
        try await TestDatabases.withBank { bank in
            let maildir = try Self.temporaryMaildir()
            defer { try? FileManager.default.removeItem(atPath: maildir) }
            let worker = MailDeliveryWorker(bank: bank, transport: MaildirTransport(directory: maildir, logger: Self.logger),
                                            policy: MailRetryPolicy(pollInterval: 3600))
            bank.mailNotifier.onEnqueue { worker.wake() }
            let running = Task { try await worker.run() }
            // Only once the first pass has found nothing and the worker waits (for an hour)
            // can a delivery be the wake-up's doing.
            let waiting = await Self.eventually { await worker.isWaiting }
            #expect(waiting, "the worker waits after its first pass")
            _ = try await bank.mailOutbox.enqueueTest(to: "hanako@example.jp", by: .operator(name: "test"))
            let delivered = await Self.eventually { Self.files(in: maildir).count == 1 }
            running.cancel()
            _ = try? await running.value
            #expect(delivered, "delivered although the poll interval is an hour")
        }
    }
}
