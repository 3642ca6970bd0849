import BankCore
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// The token table's guarantees, on both engines: one live token per customer, conditional
/// state changes, and a step accepted once however many requests race.
@Suite struct OTPTokenStoreTests {
    static let now = RecordsTests.now

    static func issue(_ db: any SQLDatabase, customerID: Int64, userID: String) async throws -> Int64 {
        try await OTPTokenRecords.insertIssued(db, customerID: customerID, userID: userID, mobileEmail: "m@example.jp",
                                               activationHash: "h", at: now, setupExpiresAt: now.addingTimeInterval(86_400))
    }

    /// A token issued and its secret handed out (provisioned: waiting for 利用開始).
    static func provisioned(_ db: any SQLDatabase, customerID: Int64, userID: String = "1000000001") async throws -> Int64 {
        let id = try await issue(db, customerID: customerID, userID: userID)
        _ = try await OTPTokenRecords.markProvisioned(db, id: id, secretSealed: "sealed", at: now)
        return id
    }

    @Test(arguments: TestDatabases.engines)
    func oneLiveTokenPerCustomerAndConditionalChanges(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let customer = try await database.transaction { db in try await RecordsTests.customer(db) }
            let first = try await database.transaction { db in try await Self.issue(db, customerID: customer, userID: "1000000001") }
            // A second live token for the same customer is refused by the unique index.
            await #expect(throws: (any Error).self) {
                try await database.transaction { db in _ = try await Self.issue(db, customerID: customer, userID: "1000000002") }
            }
            let provisioned = try await database.transaction { db in
                try await OTPTokenRecords.markProvisioned(db, id: first, secretSealed: "sealed", at: Self.now)
            }
            let again = try await database.transaction { db in
                try await OTPTokenRecords.markProvisioned(db, id: first, secretSealed: "other", at: Self.now)
            }
            #expect(provisioned && !again, "the secret is handed out once")
            let ended = try await database.transaction { db in
                try await OTPTokenRecords.end(db, id: first, expected: .issued, as: .replaced, reason: "x", at: Self.now)
            }
            #expect(!ended, "ending expects the status the caller saw")
            let replaced = try await database.transaction { db in
                try await OTPTokenRecords.end(db, id: first, expected: .provisioned, as: .replaced, reason: "x", at: Self.now)
            }
            #expect(replaced)
            let second = try await database.transaction { db in try await Self.issue(db, customerID: customer, userID: "1000000002") }
            let live = try await database.read { db in try await OTPTokenRecords.live(db, customerID: customer) }
            #expect(live?.id == second)
            let history = try await database.read { db in try await OTPTokenRecords.history(db, customerID: customer) }
            #expect(history.map(\.status) == [.issued, .replaced])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aStepIsAcceptedOnceWhateverRaces(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let customer = try await database.transaction { db in try await RecordsTests.customer(db) }
            let id = try await database.transaction { db in try await Self.provisioned(db, customerID: customer) }
            let activated = try await database.transaction { db in
                try await OTPTokenRecords.acceptStep(db, id: id, step: 100, activating: true, at: Self.now)
            }
            #expect(activated)
            // 20 concurrent logins with the same next code: exactly one wins.
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await database.transaction { db in
                            try await OTPTokenRecords.acceptStep(db, id: id, step: 101, activating: false, at: Self.now)
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            let older = try await database.transaction { db in
                try await OTPTokenRecords.acceptStep(db, id: id, step: 100, activating: false, at: Self.now)
            }
            #expect(!older, "an older step is never accepted after a newer one")
            let token = try await database.read { db in try await OTPTokenRecords.find(db, id: id) }
            #expect(token?.lastAcceptedStep == 101)
        }
    }
}
