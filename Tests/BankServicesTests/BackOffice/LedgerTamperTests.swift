import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// `verify-ledger`'s other checks, each made to fire alone by changing rows behind the bank's
/// back: a transaction whose entries do not sum to zero (and one with no entries at all), and
/// a customer's balance below zero with every row otherwise consistent.
@Suite struct LedgerTamperTests {
    /// Two deposits to one account, one yen of the second's entry moved to the first's: both
    /// transactions stop summing to zero while every balance still equals its entries and the
    /// whole ledger still sums to zero.
    @Test(arguments: TestDatabases.engines)
    func anUnbalancedTransactionIsFound(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { bank in
            let seeded = try await SeededCustomer.create(bank)
            _ = try await bank.counter.post(.deposit, branch: "001", accountNumber: seeded.ordinary.accountNumber,
                                           amount: "500", by: .operator(name: "test"))
            #expect(try await bank.ledger.verify().isConsistent)
            let (first, second) = try await bank.database.transaction { db in
                let ids = try await Self.transactionIDs(db, accountID: seeded.ordinary.id)
                try #require(ids.count == 2)
                // The same account gains 1 yen in one transaction and loses it in the other.
                try await db.raw("""
                    UPDATE ledger_entries SET amount = amount + 1 WHERE transaction_id = \(bind: ids[0]) AND account_id = \(bind: seeded.ordinary.id)
                    """).run()
                try await db.raw("""
                    UPDATE ledger_entries SET amount = amount - 1 WHERE transaction_id = \(bind: ids[1]) AND account_id = \(bind: seeded.ordinary.id)
                    """).run()
                return (ids[0], ids[1])
            }
            let verification = try await bank.ledger.verify()
            #expect(!verification.isConsistent)
            #expect(verification.unbalancedTransactions == [first, second])
            #expect(verification.mismatchedAccounts.isEmpty && verification.negativeBalances.isEmpty)
            #expect(verification.sumOfAllEntries == 0, "only the per-transaction check can see this")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aTransactionWithoutEntriesIsFound(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { bank in
            _ = try await SeededCustomer.create(bank)
            let orphan = try await bank.database.transaction { db in
                try #require(try await db.raw("""
                    INSERT INTO ledger_transactions (kind, memo, actor, created_at) VALUES ('deposit', 'tampered', 'test', 0) RETURNING id
                    """).first()?.decode(column: "id", as: Int64.self))
            }
            let verification = try await bank.ledger.verify()
            #expect(!verification.isConsistent)
            #expect(verification.unbalancedTransactions == [orphan])
        }
    }

    /// The deposit turned round: the customer's entry and balance go to −100,000円 and the
    /// cash account's up by as much. Every transaction balances and every balance equals its
    /// entries: only the negative-balance check fires.
    @Test(arguments: TestDatabases.engines)
    func aNegativeCustomerBalanceIsFound(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { bank in
            let seeded = try await SeededCustomer.create(bank)
            try await bank.database.transaction { db in
                try await Self.reverse(db, transactionID: try #require(try await Self.transactionIDs(db, accountID: seeded.ordinary.id).first))
            }
            let verification = try await bank.ledger.verify()
            #expect(!verification.isConsistent)
            #expect(verification.negativeBalances == [seeded.ordinary.id])
            #expect(verification.unbalancedTransactions.isEmpty && verification.mismatchedAccounts.isEmpty)
            #expect(verification.sumOfAllEntries == 0)
            let account = try await bank.database.read { db in try await AccountRecords.find(db, id: seeded.ordinary.id) }
            #expect(account?.balance == Yen(-100_000))
        }
    }

    /// The ledger transactions an account has entries in, oldest first.
    static func transactionIDs(_ db: any SQLDatabase, accountID: Int64) async throws -> [Int64] {
        try await db.raw("SELECT transaction_id FROM ledger_entries WHERE account_id = \(bind: accountID) ORDER BY id")
            .all().map { try $0.decode(column: "transaction_id", as: Int64.self) }
    }

    /// Flips the sign of every entry of one transaction and moves the balances with them.
    static func reverse(_ db: any SQLDatabase, transactionID: Int64) async throws {
        let entries = try await db.raw("SELECT account_id, amount FROM ledger_entries WHERE transaction_id = \(bind: transactionID)")
            .all().map { (try $0.decode(column: "account_id", as: Int64.self), try $0.decode(column: "amount", as: Int64.self)) }
        for (account, amount) in entries {
            try await db.raw("UPDATE accounts SET balance = balance - \(bind: 2 * amount) WHERE id = \(bind: account)").run()
        }
        try await db.raw("UPDATE ledger_entries SET amount = -amount WHERE transaction_id = \(bind: transactionID)").run()
    }
}
