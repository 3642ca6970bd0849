import BankCore
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

@Suite struct OutboxStoreTests {
    static let now = Date(timeIntervalSince1970: 1_795_568_400)

    static func mail(_ n: Int, urgent: Bool = false, secret: Bool = false, expiresAt: Date? = nil) -> NewOutboxMail {
        NewOutboxMail(messageID: "<m\(n)@kyoei.example>", kind: "test", customerID: nil, fromAddress: "bank@kyoei.example",
                      recipients: ["a\(n)@example.jp", "b\(n)@example.jp"], data: "Subject: \(n)\r\n\r\nbody \(n)\r\n",
                      urgent: urgent, containsSecret: secret, expiresAt: expiresAt)
    }

    @Test(arguments: TestDatabases.engines)
    func aRolledBackChangeQueuesNothing(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await database.transaction { db in
                    try await OutboxRecords.enqueue(db, Self.mail(1), at: Self.now)
                    throw Abort()
                }
            }
            #expect(try await database.read { db in try await OutboxRecords.list(db) }.isEmpty)
            try await database.transaction { db in try await OutboxRecords.enqueue(db, Self.mail(2), at: Self.now) }
            let queued = try await database.read { db in try await OutboxRecords.list(db) }
            #expect(queued.map(\.messageID) == ["<m2@kyoei.example>"])
            #expect(queued.first?.recipients == ["a2@example.jp", "b2@example.jp"])
            #expect(queued.first?.status == .queued)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func claimsDueMailUrgentFirstAndOnlyOnce(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            try await database.transaction { db in
                try await OutboxRecords.enqueue(db, Self.mail(1), at: Self.now)
                try await OutboxRecords.enqueue(db, Self.mail(2, urgent: true), at: Self.now)
                try await OutboxRecords.enqueue(db, Self.mail(3), at: Self.now.addingTimeInterval(60))  // not yet due
            }
            let lease = Self.now.addingTimeInterval(300)
            let first = try await database.transaction { db in
                try await OutboxRecords.claim(db, engine: engine, limit: 10, now: Self.now, leaseUntil: lease)
            }
            #expect(first.map(\.messageID) == ["<m2@kyoei.example>", "<m1@kyoei.example>"])
            #expect(first.allSatisfy { $0.status == .sending && $0.attempts == 1 && $0.claimedUntil == lease })
            let again = try await database.transaction { db in
                try await OutboxRecords.claim(db, engine: engine, limit: 10, now: Self.now.addingTimeInterval(10), leaseUntil: lease)
            }
            #expect(again.isEmpty)
        }
    }

    /// A worker that claimed mail and died: after its lease the mail is claimed again, same Message-ID.
    @Test(arguments: TestDatabases.engines)
    func anAbandonedClaimIsRetriedAfterItsLease(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            try await database.transaction { db in try await OutboxRecords.enqueue(db, Self.mail(1), at: Self.now) }
            _ = try await database.transaction { db in
                try await OutboxRecords.claim(db, engine: engine, limit: 1, now: Self.now, leaseUntil: Self.now.addingTimeInterval(60))
            }
            let later = Self.now.addingTimeInterval(61)
            let reclaimed = try await database.transaction { db in
                try await OutboxRecords.claim(db, engine: engine, limit: 1, now: later, leaseUntil: later.addingTimeInterval(60))
            }
            #expect(reclaimed.map(\.messageID) == ["<m1@kyoei.example>"])
            #expect(reclaimed.first?.attempts == 2)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func sentSecretsAreBlankedAndFailuresBackOff(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let (secretID, plainID) = try await database.transaction { db in
                (try await OutboxRecords.enqueue(db, Self.mail(1, secret: true), at: Self.now),
                 try await OutboxRecords.enqueue(db, Self.mail(2), at: Self.now))
            }
            _ = try await database.transaction { db in
                try await OutboxRecords.claim(db, engine: engine, limit: 10, now: Self.now, leaseUntil: Self.now.addingTimeInterval(300))
            }
            let (sent, failed) = try await database.transaction { db in
                (try await OutboxRecords.markSent(db, id: secretID, attempt: 1, at: Self.now),
                 try await OutboxRecords.markFailed(db, id: plainID, attempt: 1, error: "451 try later",
                                                    retryAt: Self.now.addingTimeInterval(30)))
            }
            #expect(sent && failed)
            let secret = try await database.read { db in try await OutboxRecords.find(db, id: secretID) }
            #expect(secret?.status == .sent && secret?.data == "" && secret?.sentAt == Self.now)
            let plain = try await database.read { db in try await OutboxRecords.find(db, id: plainID) }
            #expect(plain?.status == .queued && plain?.lastError == "451 try later")
            #expect(plain?.nextAttemptAt == Self.now.addingTimeInterval(30))
            #expect(try await database.read { db in try await OutboxRecords.nextDue(db) } == Self.now.addingTimeInterval(30))
            let later = Self.now.addingTimeInterval(30)
            let again = try await database.transaction { db in
                try await OutboxRecords.claim(db, engine: engine, limit: 10, now: later, leaseUntil: later.addingTimeInterval(300))
            }
            #expect(again.map(\.id) == [plainID] && again.first?.attempts == 2)
            let (stale, current) = try await database.transaction { db in
                (try await OutboxRecords.markFailed(db, id: plainID, attempt: 1, error: "stale", retryAt: nil),
                 try await OutboxRecords.markFailed(db, id: plainID, attempt: 2, error: "550 no", retryAt: nil))
            }
            #expect(!stale, "an old attempt's result is not recorded")
            #expect(current)
            #expect(try await database.read { db in try await OutboxRecords.find(db, id: plainID) }?.status == .failed)
            #expect(try await database.read { db in try await OutboxRecords.find(db, id: plainID) }?.lastError == "550 no")
            #expect(try await database.transaction { db in try await OutboxRecords.retry(db, id: plainID, now: Self.now) })
            #expect(try await !database.transaction { db in try await OutboxRecords.retry(db, id: secretID, now: Self.now) },
                    "a sent (and blanked) secret is never queued again")
            let retried = try await database.read { db in try await OutboxRecords.find(db, id: plainID) }
            #expect(retried?.status == .queued && retried?.attempts == 0)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func expiredSecretsAreNeverSent(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            try await database.transaction { db in
                try await OutboxRecords.enqueue(db, Self.mail(1, secret: true, expiresAt: Self.now.addingTimeInterval(600)), at: Self.now)
            }
            let early = try await database.transaction { db in try await OutboxRecords.expireSecrets(db, now: Self.now) }
            #expect(early.isEmpty)
            let expired = try await database.transaction { db in
                try await OutboxRecords.expireSecrets(db, now: Self.now.addingTimeInterval(600))
            }
            #expect(expired.map(\.status) == [.expired])
            #expect(expired.first?.data == "")
            let claimed = try await database.transaction { db in
                try await OutboxRecords.claim(db, engine: engine, limit: 10, now: Self.now.addingTimeInterval(700),
                                              leaseUntil: Self.now.addingTimeInterval(900))
            }
            #expect(claimed.isEmpty)
        }
    }

    /// Several workers claiming at once: every mail is claimed by exactly one of them.
    @Test(arguments: TestDatabases.engines)
    func concurrentClaimsNeverOverlap(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, location in
            try await database.transaction { db in
                for n in 0..<60 { try await OutboxRecords.enqueue(db, Self.mail(n), at: Self.now) }
            }
            let other = try await BankDatabases.open(location, logger: .init(label: "worker-2"))
            let claims = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in [database, other, database, other] {
                    group.addTask {
                        var mine: [String] = []
                        while true {
                            let batch = try await worker.transaction { db in
                                try await OutboxRecords.claim(db, engine: engine, limit: 3, now: Self.now,
                                                              leaseUntil: Self.now.addingTimeInterval(300))
                            }
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.messageID)
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            await other.close()
            #expect(claims.count == 60)
            #expect(Set(claims).count == 60)
        }
    }

    /// A worker whose claim ran out cannot overwrite the result of the worker that took over.
    @Test(arguments: TestDatabases.engines)
    func resultsAreFencedByTheClaim(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let id = try await database.transaction { db in try await OutboxRecords.enqueue(db, Self.mail(1, secret: true), at: Self.now) }
            _ = try await database.transaction { db in
                try await OutboxRecords.claim(db, engine: engine, limit: 1, now: Self.now, leaseUntil: Self.now.addingTimeInterval(10))
            }
            // The first worker is alive and renews its claim: nobody else may take the mail.
            try await database.transaction { db in
                try await OutboxRecords.renewClaim(db, id: id, attempt: 1, until: Self.now.addingTimeInterval(40))
            }
            let early = Self.now.addingTimeInterval(20)
            let stolen = try await database.transaction { db in
                try await OutboxRecords.claim(db, engine: engine, limit: 1, now: early, leaseUntil: early.addingTimeInterval(10))
            }
            #expect(stolen.isEmpty)
            // Then it goes silent; after the lease a second worker takes over.
            let late = Self.now.addingTimeInterval(41)
            let second = try await database.transaction { db in
                try await OutboxRecords.claim(db, engine: engine, limit: 1, now: late, leaseUntil: late.addingTimeInterval(10))
            }
            #expect(second.first?.attempts == 2)
            let results = try await database.transaction { db in
                try await OutboxRecords.renewClaim(db, id: id, attempt: 1, until: late.addingTimeInterval(100))
                return [try await OutboxRecords.markFailed(db, id: id, attempt: 1, error: "451", retryAt: late),
                        try await OutboxRecords.markSent(db, id: id, attempt: 2, at: late),
                        try await OutboxRecords.markSent(db, id: id, attempt: 1, at: late)]
            }
            #expect(results == [false, true, false], "only the current claim's result counts")
            let mail = try await database.read { db in try await OutboxRecords.find(db, id: id) }
            #expect(mail?.status == .sent && mail?.data == "" && mail?.claimedUntil == nil)
            // Sent and blanked: a retry by hand is refused.
            #expect(try await !database.transaction { db in try await OutboxRecords.retry(db, id: id, now: late) })
        }
    }
}
