import BankCore
import BankMail
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Logging
import Testing

/// The outbox worker of one process is woken by mail another process commits (issue 19):
/// two banks on one PostgreSQL database stand for two `kyoei serve` (or a server and
/// `kyoei admin`); the worker polls only once a minute, so only the wake-up can deliver in time.
/// With `listensToOtherProcesses: false` (KYOEI_MAIL_LISTEN=off) the same mail waits for the poll.
@Suite struct MailWakeAcrossProcessesTests {
    static let logger = Logger(label: "kyoei.test.mail.wake")

    func withTwoBanks(_ body: (Bank, Bank, String) async throws -> Void) async throws {
        try await TestDatabases.withBank(.postgres) { serving in
            let other = try await BankDatabases.open(try await Self.location(of: serving), logger: Self.logger)
            let elsewhere = Bank(database: other, clock: serving.clock, settings: serving.settings, logger: Self.logger)
            let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("kyoei-wake-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: maildir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: maildir) }
            do {
                try await body(serving, elsewhere, maildir)
                await other.close()
            } catch {
                await other.close()
                throw error
            }
        }
    }

    /// The serving bank's database, named by its current_database() on the test server.
    static func location(of bank: Bank) async throws -> DatabaseLocation {
        let name = try await bank.database.read { db in
            try await db.raw("SELECT current_database() AS name").first()!.decode(column: "name", as: String.self)
        }
        let url = try #require(TestDatabases.postgresURL)
        guard case let .postgres(host, port, username, password, _, tls) = try DatabaseLocation(url: url) else {
            Issue.record("KYOEI_TEST_POSTGRES_URL is not a PostgreSQL URL")
            throw CancellationError()
        }
        return .postgres(host: host, port: port, username: username, password: password, database: name, tls: tls)
    }

    static func sentCount(_ maildir: String) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: maildir + "/new")) ?? []).count
    }

    func deliveredWithin(_ seconds: Double, listening: Bool) async throws -> Bool {
        var delivered = false
        try await withTwoBanks { serving, elsewhere, maildir in
            let worker = MailDeliveryWorker(bank: serving, transport: MaildirTransport(directory: maildir, logger: Self.logger),
                                            policy: MailRetryPolicy(pollInterval: 60), listensToOtherProcesses: listening)
            let running = Task { try await worker.run() }
            // The worker's first pass found nothing; it now waits for a wake-up or its poll.
            for _ in 0..<500 where !(await worker.isWaiting) { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(300))  // its LISTEN connection is up
            _ = try await elsewhere.mailOutbox.enqueueTest(to: "hanako@example.jp", by: .operator(name: "test"))
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline, Self.sentCount(maildir) == 0 { try await Task.sleep(for: .milliseconds(20)) }
            delivered = Self.sentCount(maildir) == 1
            running.cancel()
            _ = try? await running.value
        }
        return delivered
    }

    @Test func mailCommittedByAnotherProcessWakesTheWorkerAtOnce() async throws {
        guard TestDatabases.engines.contains(.postgres) else { return }
        // Well inside the poll of 60 s (the suite may keep a connection waiting a while).
        #expect(try await deliveredWithin(30, listening: true))
    }

    @Test func withoutListeningItWaitsForThePoll() async throws {
        guard TestDatabases.engines.contains(.postgres) else { return }
        #expect(try await !deliveredWithin(3, listening: false))
    }
}
