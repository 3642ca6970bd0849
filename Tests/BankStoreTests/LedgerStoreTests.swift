import BankCore
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

@Suite struct LedgerStoreTests {
    static let now = Date(timeIntervalSince1970: 1_795_568_400)

    /// A customer with one ordinary account and the bank's cash account.
    static func setUp(_ db: any SQLDatabase) async throws -> (account: AccountRecord, cash: AccountRecord) {
        let customerID = try await CustomerRecords.insert(db, NewCustomer(
            loginID: "ledger01", nameKanji: "元帳 一郎", nameKana: try KanaName(validating: "ﾓﾄﾁﾖｳ ｲﾁﾛｳ"),
            pcEmail: try MailAddress(validating: "ledger01@example.jp"), mobileEmail: nil,
            loginPasswordHash: "x", confirmationPasswordHash: "y"), at: now)
        let account = try await AccountRecords.open(db, customerID: customerID, branch: BranchCode(unchecked: "001"),
                                                    type: .ordinary, holderName: KanaName(stored: "ﾓﾄﾁﾖｳ ｲﾁﾛｳ"), at: now)
        let cash = try await AccountRecords.internalAccount(db, code: "cash")!
        return (account, cash)
    }

    static func deposit(_ db: any SQLDatabase, _ account: AccountRecord, _ cash: AccountRecord, _ amount: Int64,
                        at: Date = now) async throws -> Int64 {
        try await LedgerRecords.post(db, kind: amount > 0 ? "counter_deposit" : "counter_withdrawal", memo: "",
                                     postings: [Posting(accountID: account.id, amount: Yen(amount)),
                                                Posting(accountID: cash.id, amount: Yen(-amount))],
                                     actor: "test", at: at)
    }

    @Test(arguments: TestDatabases.engines)
    func postingWritesBothSidesAndRunningBalances(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let (account, cash) = try await database.transaction { db in try await Self.setUp(db) }
            #expect(account.accountNumber == "1000001")
            try await database.transaction { db in
                _ = try await Self.deposit(db, account, cash, 50_000, at: Self.now)
                _ = try await Self.deposit(db, account, cash, -12_000, at: Self.now.addingTimeInterval(60))
                _ = try await Self.deposit(db, account, cash, 3_000, at: Self.now.addingTimeInterval(120))
            }
            let lines = try await database.read { db in
                try await LedgerRecords.statement(db, accountID: account.id, from: Self.now, to: Self.now.addingTimeInterval(3600))
            }
            #expect(lines.map(\.amount.value) == [3_000, -12_000, 50_000])
            #expect(lines.map(\.balanceAfter.value) == [41_000, 38_000, 50_000])
            let verification = try await database.read { db in try await LedgerRecords.verify(db) }
            #expect(verification.isConsistent)
            #expect(verification.entries == 6)
            #expect(try await database.read { db in try await AccountRecords.find(db, id: cash.id) }?.balance == Yen(-41_000))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func overdraftRollsBackTheWholeTransaction(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let (account, cash) = try await database.transaction { db in try await Self.setUp(db) }
            try await database.transaction { db in _ = try await Self.deposit(db, account, cash, 1_000) }
            await #expect(throws: StoreError.insufficientFunds(accountID: account.id)) {
                try await database.transaction { db in _ = try await Self.deposit(db, account, cash, -1_001) }
            }
            let after = try await database.read { db in try await LedgerRecords.verify(db) }
            #expect(after.transactions == 1)
            #expect(after.entries == 2)
            #expect(after.isConsistent)
            #expect(try await database.read { db in try await AccountRecords.find(db, id: account.id) }?.balance == Yen(1_000))
        }
    }

    @Test(arguments: TestDatabases.engines)
    func unbalancedPostingsAreRefusedBeforeWriting(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let (account, cash) = try await database.transaction { db in try await Self.setUp(db) }
            await #expect(throws: LedgerRuleError.unbalanced) {
                try await database.transaction { db in
                    _ = try await LedgerRecords.post(db, kind: "bad", memo: "", postings: [
                        Posting(accountID: account.id, amount: Yen(10)), Posting(accountID: cash.id, amount: Yen(-9)),
                    ], actor: "test", at: Self.now)
                }
            }
            #expect(try await database.read { db in try await LedgerRecords.verify(db) }.transactions == 0)
        }
    }

    /// Many concurrent postings to one account: no update is lost, no balance goes wrong.
    @Test(arguments: TestDatabases.engines)
    func concurrentPostingsNeverLoseAnUpdate(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let (account, cash) = try await database.transaction { db in try await Self.setUp(db) }
            let tasks = 60
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<tasks {
                    group.addTask {
                        try await database.transaction { db in
                            _ = try await Self.deposit(db, account, cash, index % 3 == 0 ? 700 : 100)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let expected = Int64((0..<tasks).map { $0 % 3 == 0 ? 700 : 100 }.reduce(0, +))
            let balance = try await database.read { db in try await AccountRecords.find(db, id: account.id) }?.balance
            #expect(balance == Yen(expected))
            let verification = try await database.read { db in try await LedgerRecords.verify(db) }
            #expect(verification.isConsistent)
            #expect(verification.transactions == tasks)
            // The running balances are a strict sequence: each entry's balance is unique.
            let lines = try await database.read { db in
                try await LedgerRecords.statement(db, accountID: account.id, from: Self.now, to: Self.now.addingTimeInterval(1))
            }
            #expect(Set(lines.map(\.balanceAfter)).count == tasks)
        }
    }

    /// Concurrent withdrawals racing for the last yen: exactly as many succeed as the money allows.
    @Test(arguments: TestDatabases.engines)
    func concurrentWithdrawalsNeverOverdraw(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let (account, cash) = try await database.transaction { db in try await Self.setUp(db) }
            try await database.transaction { db in _ = try await Self.deposit(db, account, cash, 1_000) }
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<25 {
                    group.addTask {
                        (try? await database.transaction { db in _ = try await Self.deposit(db, account, cash, -100) }) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 10)
            #expect(try await database.read { db in try await AccountRecords.find(db, id: account.id) }?.balance == .zero)
            #expect(try await database.read { db in try await LedgerRecords.verify(db) }.isConsistent)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func verifyFindsATamperedBalance(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let (account, cash) = try await database.transaction { db in try await Self.setUp(db) }
            try await database.transaction { db in _ = try await Self.deposit(db, account, cash, 5_000) }
            try await database.transaction { db in
                try await db.raw("UPDATE accounts SET balance = balance + 1 WHERE id = \(bind: account.id)").run()
            }
            let verification = try await database.read { db in try await LedgerRecords.verify(db) }
            #expect(!verification.isConsistent)
            #expect(verification.mismatchedAccounts == [.init(accountID: account.id, balance: 5_001, sumOfEntries: 5_000)])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func accountNumbersAreSequentialPerBranch(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let numbers = try await database.transaction { db in
                let (first, _) = try await Self.setUp(db)
                let customerID = first.customerID!
                let second = try await AccountRecords.open(db, customerID: customerID, branch: BranchCode(unchecked: "001"),
                                                           type: .savings, holderName: KanaName(stored: "ﾃｽﾄ"), at: Self.now)
                let other = try await AccountRecords.open(db, customerID: customerID, branch: BranchCode(unchecked: "002"),
                                                          type: .ordinary, holderName: KanaName(stored: "ﾃｽﾄ"), at: Self.now)
                return [first.accountNumber, second.accountNumber, other.accountNumber]
            }
            #expect(numbers == ["1000001", "1000002", "1000001"])
        }
    }
}
