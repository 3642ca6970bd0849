import BankCore
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// The transfer row is written in one statement whose 受付番号 unique index decides: a number
/// given out already writes nothing and answers nil (the service draws another); a second
/// transfer of the same 確認画面 (nonce) is refused outright.
@Suite struct TransferInsertTests {
    static func record(_ account: AccountRecord, ledgerID: Int64, reception: String, nonce: String) -> TransferRecord {
        TransferRecord(
            id: 0, receptionNumber: reception, nonce: nonce, customerID: account.customerID!, sourceAccountID: account.id,
            route: .sameBranch, destinationKind: .bank, payeeID: nil, bankCode: "9999", branchCode: "001",
            accountType: .ordinary, accountNumber: "1000002", holderName: "ﾃｽﾄ", destinationAccountID: nil,
            amount: Yen(1_000), fee: Yen(0), status: .completed, ledgerTransactionID: ledgerID, businessDay: "2026-11-24",
            factors: FactorRecord(inForce: [.loginPassword], presented: [.loginPassword, .confirmationPassword]),
            ip: "192.0.2.1", userAgent: "test", createdAt: LedgerStoreTests.now, statusChangedAt: nil, statusNote: nil)
    }

    @Test(arguments: TestDatabases.engines)
    func aTakenReceptionNumberWritesNothingAndASecondNonceFails(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let (account, cash) = try await database.transaction { db in try await LedgerStoreTests.setUp(db) }
            let ledgerID = try await database.transaction { db in
                try await LedgerStoreTests.deposit(db, account, cash, 5_000)
            }
            let first = try await database.transaction { db in
                try await TransferRecords.insert(db, Self.record(account, ledgerID: ledgerID, reception: "20261124-000001", nonce: "n1"))
            }
            let stored = try #require(first)
            #expect(stored.id > 0)
            #expect(stored.receptionNumber == "20261124-000001")
            #expect(stored.amount == Yen(1_000))
            #expect(stored.factors.presented == [.loginPassword, .confirmationPassword])

            let taken = try await database.transaction { db in
                try await TransferRecords.insert(db, Self.record(account, ledgerID: ledgerID, reception: "20261124-000001", nonce: "n2"))
            }
            #expect(taken == nil)
            #expect(try await database.read { db in try await TransferRecords.find(db, nonce: "n2") } == nil)

            await #expect(throws: (any Error).self) {
                _ = try await database.transaction { db in
                    try await TransferRecords.insert(db, Self.record(account, ledgerID: ledgerID, reception: "20261124-000002", nonce: "n1"))
                }
            }
            #expect(try await database.read { db in try await TransferRecords.findByReception(db, "20261124-000002") } == nil)
            #expect(try await database.read { db in try await TransferRecords.find(db, nonce: "n1") } == stored)
        }
    }
}
