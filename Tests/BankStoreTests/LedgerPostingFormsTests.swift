@testable import BankStore
import BankCore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// The ledger posting exists in two forms: statement by statement from Swift (SQLite's) and the
/// `ledger_post` PL/pgSQL function (PostgreSQL's; see Sources/BankStore/Engine/README.md). This
/// test is what holds them equal: one sequence of postings runs through every form each engine
/// has — SQLite: the statements; PostgreSQL: the statements and the function — and every run must
/// leave exactly the rows and answers written below. A change to one form the other does not
/// follow fails here.
@Suite struct LedgerPostingFormsTests {
    /// The accounts of the cases: the bank's cash account (may go negative) and a customer's two.
    enum Account: String, CaseIterable { case cash, ordinary, savings }

    struct Case: Sendable {
        let name: String
        /// nil: an account id no account has.
        let postings: [(Account?, Int64)]
        var key: String? = nil
        /// nil: posted. Otherwise the refusal, and nothing of the case is written.
        var refusal: Refusal? = nil
        /// Balances of cash, ordinary, savings after the case.
        let balances: [Int64]
    }

    enum Refusal: Equatable, Sendable { case insufficientFunds(Account), notFound, constraint }

    /// The id given for an account that does not exist (after every real one in id order).
    static let missing: Int64 = 999_999

    static let cases: [Case] = [
        Case(name: "two accounts", postings: [(.ordinary, 1_000), (.cash, -1_000)], balances: [-1_000, 1_000, 0]),
        Case(name: "three accounts, given out of id order", postings: [(.savings, 200), (.ordinary, -300), (.cash, 100)],
             balances: [-900, 700, 200]),
        Case(name: "overdraft on the first account in id order", postings: [(.ordinary, -800), (.savings, 800)],
             refusal: .insufficientFunds(.ordinary), balances: [-900, 700, 200]),
        Case(name: "overdraft on a later account undoes the earlier ones", postings: [(.ordinary, 500), (.savings, -500)],
             refusal: .insufficientFunds(.savings), balances: [-900, 700, 200]),
        Case(name: "an account that does not exist", postings: [(.ordinary, -100), (nil, 100)], key: "missing",
             refusal: .notFound, balances: [-900, 700, 200]),
        Case(name: "the cash account goes further negative", postings: [(.cash, -2_000), (.savings, 2_000)], key: "k1",
             balances: [-2_900, 700, 2_200]),
        Case(name: "an idempotency key used before", postings: [(.ordinary, 1), (.cash, -1)], key: "k1",
             refusal: .constraint, balances: [-2_900, 700, 2_200]),
    ]

    /// Every entry the sequence leaves, in posting order: case name, account, amount, balance after.
    static let entries: [(String, Account, Int64, Int64)] = [
        ("two accounts", .cash, -1_000, -1_000), ("two accounts", .ordinary, 1_000, 1_000),
        ("three accounts, given out of id order", .cash, 100, -900),
        ("three accounts, given out of id order", .ordinary, -300, 700),
        ("three accounts, given out of id order", .savings, 200, 200),
        ("the cash account goes further negative", .cash, -2_000, -2_900),
        ("the cash account goes further negative", .savings, 2_000, 2_200),
    ]

    static let now = Date(timeIntervalSince1970: 1_795_568_400)

    static func forms(_ engine: DatabaseEngine) -> [LedgerRecords.PostingForm] {
        engine == .postgres ? [.statements, .serverFunction] : [.statements]
    }

    @Test(arguments: TestDatabases.engines)
    func everyFormLeavesTheSameRows(engine: DatabaseEngine) async throws {
        for form in Self.forms(engine) {
            try await TestDatabases.withDatabase(engine) { database, _ in
                try await Self.run(form, on: database)
            }
        }
    }

    static func run(_ form: LedgerRecords.PostingForm, on database: any BankDatabase) async throws {
        let (ordinary, cash) = try await database.transaction { db in try await LedgerStoreTests.setUp(db) }
        let savings = try await database.transaction { db in
            try await AccountRecords.open(db, customerID: ordinary.customerID!, branch: BranchCode(unchecked: "001"),
                                          type: .savings, holderName: KanaName(stored: "ﾓﾄﾁﾖｳ ｲﾁﾛｳ"), at: now)
        }
        let ids: [Account: Int64] = [.cash: cash.id, .ordinary: ordinary.id, .savings: savings.id]
        let names = Dictionary(uniqueKeysWithValues: ids.map { ($0.value, $0.key) })
        #expect(cash.id < ordinary.id && ordinary.id < savings.id, "the cases are written for this id order")
        for (index, step) in cases.enumerated() {
            let postings = step.postings.map { Posting(accountID: $0.0.map { ids[$0]! } ?? missing, amount: Yen($0.1)) }
            let refusal: Refusal?
            do {
                _ = try await database.transaction { db in
                    try await LedgerRecords.post(db, kind: "case", memo: step.name, postings: postings, idempotencyKey: step.key,
                                                 actor: "test", at: now.addingTimeInterval(Double(index)), form: form)
                }
                refusal = nil
            } catch StoreError.insufficientFunds(let accountID) {
                refusal = .insufficientFunds(try #require(names[accountID]))
            } catch StoreError.notFound {
                refusal = .notFound
            } catch {
                refusal = .constraint
            }
            #expect(refusal == step.refusal, "\(form): \(step.name)")
            let balances = try await database.read { db in
                try await Account.allCases.asyncMap { try await AccountRecords.find(db, id: ids[$0]!)!.balance.value }
            }
            #expect(balances == step.balances, "\(form): \(step.name)")
        }
        // Each entry as "case | account | amount | balance after"; its time must be its transaction's.
        let rows = try await database.read { db in
            try await db.raw("""
                SELECT t.memo, t.created_at AS posted_at, e.account_id, e.amount, e.balance_after, e.created_at
                FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id ORDER BY e.id
                """).all().map { row in
                let account = names[try row.decode(column: "account_id", as: Int64.self)].map(\.rawValue) ?? "?"
                let sameTime = try row.decode(column: "posted_at", as: Int64.self) == row.decode(column: "created_at", as: Int64.self)
                return "\(try row.decode(column: "memo", as: String.self)) | \(account) | "
                    + "\(try row.decode(column: "amount", as: Int64.self)) | \(try row.decode(column: "balance_after", as: Int64.self))"
                    + (sameTime ? "" : " | entry time differs")
            }
        }
        #expect(rows == entries.map { "\($0.0) | \($0.1) | \($0.2) | \($0.3)" }, "\(form)")
        let keys = try await database.read { db in
            try await db.raw("SELECT idempotency_key FROM ledger_transactions ORDER BY id").all()
                .map { try $0.decode(column: "idempotency_key", as: String?.self) }
        }
        #expect(keys == [nil, nil, "k1"], "\(form): one transaction row per posted case, none for a refused one")
        #expect(try await database.read { db in try await LedgerRecords.verify(db) }.isConsistent, "\(form)")
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
