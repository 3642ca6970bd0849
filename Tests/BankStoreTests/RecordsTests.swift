import BankCore
@_spi(AuditWriting) import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

@Suite struct RecordsTests {
    static let now = Date(timeIntervalSince1970: 1_795_568_400)

    static func customer(_ db: any SQLDatabase, loginID: String = "record01") async throws -> Int64 {
        try await CustomerRecords.insert(db, NewCustomer(
            loginID: loginID, nameKanji: "記録 花子", nameKana: try KanaName(validating: "ｷﾛｸ ﾊﾅｺ"),
            pcEmail: try MailAddress(validating: "\(loginID)@example.jp"), mobileEmail: try MailAddress(validating: "m@example.jp"),
            loginPasswordHash: "hash-a", confirmationPasswordHash: "hash-b"), at: now)
    }

    @Test(arguments: TestDatabases.engines)
    func customersInsertFindAndRefuseDuplicates(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let id = try await database.transaction { db in try await Self.customer(db) }
            let found = try await database.read { db in try await CustomerRecords.find(db, loginID: "record01") }
            #expect(found?.id == id)
            #expect(found?.nameKana == "ｷﾛｸ ﾊﾅｺ")
            #expect(found?.mobileEmail == "m@example.jp")
            #expect(found?.createdAt == Self.now)
            #expect(found?.lastLoginAt == nil)
            await #expect(throws: StoreError.duplicateLoginID) {
                try await database.transaction { db in _ = try await Self.customer(db) }
            }
            try await database.transaction { db in
                try await CustomerRecords.recordLogin(db, customerID: id, at: Self.now)
                try await CustomerRecords.recordLogin(db, customerID: id, at: Self.now.addingTimeInterval(60))
            }
            let after = try await database.read { db in try await CustomerRecords.find(db, id: id) }
            #expect(after?.lastLoginAt == Self.now.addingTimeInterval(60))
            #expect(after?.previousLoginAt == Self.now)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func failureCountersLockAtTheLimitAndReset(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let id = try await database.transaction { db in try await Self.customer(db) }
            let policy = LockoutPolicy(limit: 3)
            var states: [CredentialState] = []
            for _ in 0..<4 {
                states.append(try await database.transaction { db in
                    try await CredentialRecords.recordFailure(db, customerID: id, credential: .loginPassword, policy: policy, at: Self.now)
                })
            }
            #expect(states.map(\.failures) == [1, 2, 3, 4])
            #expect(states.map(\.isLocked) == [false, false, true, true])
            #expect(states[3].lockedAt == Self.now)
            // Counters are per credential.
            let other = try await database.read { db in try await CredentialRecords.state(db, customerID: id, credential: .otp) }
            #expect(other.failures == 0 && !other.isLocked)
            try await database.transaction { db in try await CredentialRecords.reset(db, customerID: id, credential: .loginPassword) }
            let reset = try await database.read { db in try await CredentialRecords.state(db, customerID: id, credential: .loginPassword) }
            #expect(reset.failures == 0 && !reset.isLocked)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func concurrentFailuresAreAllCounted(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let id = try await database.transaction { db in try await Self.customer(db) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        _ = try await database.transaction { db in
                            try await CredentialRecords.recordFailure(db, customerID: id, credential: .loginPassword,
                                                                      policy: LockoutPolicy(limit: 5), at: Self.now)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let state = try await database.read { db in try await CredentialRecords.state(db, customerID: id, credential: .loginPassword) }
            #expect(state.failures == 20)
            #expect(state.isLocked)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func unknownLoginFailuresAreCountedByHash(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            for expected in 1...3 {
                let count = try await database.transaction { db in
                    try await CredentialRecords.recordUnknownFailure(db, loginIDHash: "abc", at: Self.now)
                }
                #expect(count == expected)
            }
            try await database.transaction { db in
                try await CredentialRecords.pruneUnknownFailures(db, before: Self.now.addingTimeInterval(1))
            }
            #expect(try await database.read { db in try await CredentialRecords.unknownFailures(db, loginIDHash: "abc") } == 0)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func sessionsLiveAndExpireInTheDatabase(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let id = try await database.transaction { db in try await Self.customer(db) }
            let session = SessionRecord(tokenHash: "h1", customerID: id, stage: .authenticated, csrfToken: "c1",
                                        factorsPresented: [.loginPassword], ip: "192.0.2.1", userAgent: "UA",
                                        createdAt: Self.now, lastSeenAt: Self.now)
            try await database.transaction { db in try await SessionRecords.insert(db, session) }
            #expect(try await database.read { db in try await SessionRecords.find(db, tokenHash: "h1") } == session)
            try await database.transaction { db in try await SessionRecords.touch(db, tokenHash: "h1", at: Self.now.addingTimeInterval(300)) }
            let idleCutoff = Self.now.addingTimeInterval(200)
            let expired = try await database.read { db in
                try await SessionRecords.expired(db, idleCutoff: idleCutoff, absoluteCutoff: Self.now.addingTimeInterval(-1))
            }
            #expect(expired.isEmpty)
            let later = try await database.read { db in
                try await SessionRecords.expired(db, idleCutoff: Self.now.addingTimeInterval(300), absoluteCutoff: Self.now.addingTimeInterval(-1))
            }
            #expect(later.map(\.tokenHash) == ["h1"])
            #expect(try await database.transaction { db in try await SessionRecords.delete(db, tokenHash: "h1") })
            #expect(try await !database.transaction { db in try await SessionRecords.delete(db, tokenHash: "h1") })
            #expect(try await database.read { db in try await SessionRecords.count(db) } == 0)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func auditRowsKeepEveryField(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let event = AuditEvent(at: Self.now, event: "login", result: .failure, actor: "customer", customerID: 7,
                                   loginID: "someone", ip: "198.51.100.2", userAgent: "Mozilla/5.0",
                                   factors: FactorRecord(inForce: [.loginPassword, .otp], presented: [.loginPassword]),
                                   detail: "wrong_password")
            try await database.transaction { db in
                try await AuditRecords.append(db, event)
                try await AuditRecords.append(db, AuditEvent(at: Self.now, event: "logout", result: .success, actor: "customer", customerID: 8))
            }
            let rows = try await database.read { db in try await AuditRecords.list(db, customerID: 7) }
            #expect(rows.count == 1)
            var expected = event
            expected.id = rows.first?.id
            #expect(rows.first == expected)
            #expect(try await database.read { db in try await AuditRecords.list(db, event: "logout") }.map(\.customerID) == [8])
        }
    }
}
