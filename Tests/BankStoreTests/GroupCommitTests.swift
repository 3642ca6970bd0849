import BankCore
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// Transactions that queue behind each other share one COMMIT on SQLite (group commit), each
/// in a savepoint of its own. These tests hold the promises that must survive it, on both
/// engines: a transaction that fails leaves nothing and undoes nothing of its neighbours';
/// one that returns is committed and visible to every read at once.
@Suite struct GroupCommitTests {
    struct Planned: Error {}

    /// 60 concurrent transactions, every third one failing after it wrote (by throwing, or on
    /// the ledger's unique idempotency key): exactly the others are in the ledger.
    @Test(arguments: TestDatabases.engines)
    func aFailingTransactionUndoesOnlyItself(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let (account, cash) = try await database.transaction { db in try await LedgerStoreTests.setUp(db) }
            try await database.transaction { db in
                _ = try await LedgerRecords.post(db, kind: "counter_deposit", memo: "", postings: [
                    Posting(accountID: account.id, amount: Yen(1)), Posting(accountID: cash.id, amount: Yen(-1)),
                ], idempotencyKey: "taken", actor: "test", at: LedgerStoreTests.now)
            }
            let tasks = 60
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<tasks {
                    group.addTask {
                        do {
                            try await database.transaction { db in
                                _ = try await LedgerRecords.post(db, kind: "counter_deposit", memo: "", postings: [
                                    Posting(accountID: account.id, amount: Yen(100)), Posting(accountID: cash.id, amount: Yen(-100)),
                                ], idempotencyKey: index % 6 == 3 ? "taken" : "k\(index)", actor: "test", at: LedgerStoreTests.now)
                                if index % 6 == 0 { throw Planned() }
                            }
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            let committed = outcomes.filter { $0 }.count
            #expect(committed == tasks - tasks / 3)
            let balance = try await database.read { db in try await AccountRecords.find(db, id: account.id) }?.balance
            #expect(balance == Yen(1 + Int64(committed) * 100))
            let verification = try await database.read { db in try await LedgerRecords.verify(db) }
            #expect(verification.isConsistent && verification.transactions == committed + 1)
        }
    }

    /// Read-after-write: each writer, as soon as its transaction returns, finds its own posting
    /// through a read (on SQLite the other connection), however many share its COMMIT.
    @Test(arguments: TestDatabases.engines)
    func aReturnedTransactionIsVisibleAtOnce(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let (account, cash) = try await database.transaction { db in try await LedgerStoreTests.setUp(db) }
            let seen = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        let id = try await database.transaction { db in
                            try await LedgerStoreTests.deposit(db, account, cash, 10)
                        }
                        return try await database.read { db in try await LedgerRecords.entries(db, transactionID: id).count == 2 }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(seen.count == 40 && seen.allSatisfy { $0 })
        }
    }

    /// The ledger check reads one snapshot: run again and again while 120 postings commit,
    /// it always finds the ledger consistent (entries, balances and the zero sum of one
    /// moment), and it never holds up the writers.
    @Test(arguments: TestDatabases.engines)
    func aLedgerCheckDuringPostingsSeesOneMoment(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let (account, cash) = try await database.transaction { db in try await LedgerStoreTests.setUp(db) }
            let checks = try await withThrowingTaskGroup(of: [Bool].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        for _ in 0..<30 {
                            try await database.transaction { db in _ = try await LedgerStoreTests.deposit(db, account, cash, 10) }
                        }
                        return []
                    }
                }
                group.addTask {
                    var seen: [Bool] = []
                    for _ in 0..<25 {
                        seen.append(try await database.snapshot { db in try await LedgerRecords.verify(db) }.isConsistent)
                    }
                    return seen
                }
                return try await group.reduce(into: [Bool]()) { $0 += $1 }
            }
            #expect(checks.count == 25 && checks.allSatisfy { $0 })
            let final = try await database.snapshot { db in try await LedgerRecords.verify(db) }
            #expect(final.isConsistent && final.transactions == 120)
        }
    }
}
