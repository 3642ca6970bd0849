import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 振込・振替 inside the bank: both balances move at once, the fee of the table goes to
/// the bank's fee account, the customer is mailed and the audit trail says who did what.
@Suite struct TransferServiceTests {
    /// One row per route: where to, how much, and what the fee table says it costs.
    struct Case: Sendable {
        var name: String
        var destination: @Sendable (TransferWorld) -> (DestinationChoice, AccountRecord)
        var amount: Int64
        var fee: Int64
        var route: TransferRoute
        var kind: String
    }

    static let cases: [Case] = [
        // 振替 between one's own accounts is free whatever the route (本店 → 吉田支店 here).
        Case(name: "own", destination: { (.own(accountID: $0.payer.savings.id), $0.payer.savings) },
             amount: 50_000, fee: 0, route: .otherBranch, kind: "own"),
        Case(name: "same branch", destination: { ($0.payee.typed($0.payee.ordinary), $0.payee.ordinary) },
             amount: 30_000, fee: 0, route: .sameBranch, kind: "other"),
        Case(name: "other branch below 30,000", destination: { ($0.payee.typed($0.payee.savings), $0.payee.savings) },
             amount: 29_999, fee: 110, route: .otherBranch, kind: "other"),
        Case(name: "other branch from 30,000", destination: { ($0.payee.typed($0.payee.savings), $0.payee.savings) },
             amount: 30_000, fee: 220, route: .otherBranch, kind: "other"),
    ]

    @Test(arguments: TestDatabases.engines)
    func inBankTransfersSettleAtOnceAndChargeTheTableFee(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            for testCase in Self.cases {
                let (choice, credited) = testCase.destination(world)
                let source = world.payer.ordinary
                let (sourceBefore, creditedBefore) = (try await world.balance(source), try await world.balance(credited))
                let feesBefore = try await world.internalBalance("fee_income")

                let confirmation = try await world.bank.transfers.prepare(
                    by: .customer(id: world.payer.id), sessionCookie: "c", sourceAccountID: source.id, choice: choice,
                    amount: String(testCase.amount))
                #expect(confirmation.fee == Yen(testCase.fee), "\(testCase.name): fee shown on the 確認画面")
                #expect(confirmation.route == testCase.route, "\(testCase.name)")
                let outcome = try await world.execute(world.payer, confirmation, cookie: "c")

                let transfer = outcome.transfer
                #expect(!outcome.replayed)
                #expect(transfer.status == .completed, "\(testCase.name)")
                #expect(transfer.amount == Yen(testCase.amount) && transfer.fee == Yen(testCase.fee), "\(testCase.name)")
                #expect(transfer.route.rawValue == testCase.route.rawValue && transfer.destinationKind.rawValue == testCase.kind, "\(testCase.name)")
                #expect(transfer.destinationAccountID == credited.id, "\(testCase.name)")
                #expect(transfer.holderName == credited.holderName, "\(testCase.name): the ledger's name, not the typed one")
                #expect(try await world.balance(source) == sourceBefore - testCase.amount - testCase.fee, "\(testCase.name)")
                #expect(try await world.balance(credited) == creditedBefore + testCase.amount, "\(testCase.name)")
                #expect(try await world.internalBalance("fee_income") == feesBefore + testCase.fee, "\(testCase.name)")
                #expect(try await world.internalBalance("interbank_clearing") == 0, "nothing leaves the bank")

                let entries = try await world.bank.database.read { db in
                    try await LedgerRecords.entries(db, transactionID: transfer.ledgerTransactionID!)
                }
                #expect(entries.map(\.amount.value).reduce(0, +) == 0, "\(testCase.name): the transaction balances")
                #expect(entries.first { $0.accountID == source.id }?.amount == Yen(-testCase.amount - testCase.fee))
                #expect(entries.count == (testCase.fee > 0 ? 3 : 2), "\(testCase.name): a fee entry only when there is a fee")
            }
            #expect(try await world.internalBalance("fee_income") == 330)
            try await world.expectLedgerConsistent()
        }
    }

    /// The mail, the audit row and the result screen's lookup of one transfer.
    @Test(arguments: TestDatabases.engines)
    func aTransferIsMailedAuditedAndFoundByItsReceptionNumber(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let outcome = try await world.transfer(world.payer, from: world.payer.ordinary,
                                                   to: world.payee.typed(world.payee.savings), amount: "１２，３４５")
            let transfer = outcome.transfer
            #expect(transfer.amount == Yen(12_345), "full-width digits and separators are read")
            #expect(transfer.businessDay == "2026-11-25")
            #expect(transfer.factors == FactorRecord(inForce: [.loginPassword, .confirmationPassword],
                                                     presented: [.loginPassword, .confirmationPassword]))

            let mails = try await world.outbox(kind: "transfer_accepted")
            let mail = try #require(mails.first)
            #expect(mails.count == 1)
            #expect(mail.recipients == ["tanaka01@example.jp"] && mail.customerID == world.payer.id)
            #expect(try MailText.subject(mail).hasPrefix("【きょうえい】振込受付のお知らせ"))
            let body = try MailText.body(mail)
            #expect(body.contains("受付番号: \(transfer.receptionNumber)"))
            #expect(body.contains("金額: 12,345円") && body.contains("手数料: 110円"))
            #expect(body.contains("協栄信用組合 吉田支店 貯蓄 \(maskedAccountNumber(world.payee.savings.accountNumber)) ｽｽﾞｷ ｲﾁﾛｳ"))
            #expect(!body.contains(world.payee.savings.accountNumber), "the account number is masked")

            let audit = try await world.audit(world.payer, event: "transfer")
            let row = try #require(audit.first)
            #expect(audit.count == 1)
            #expect(row.result == .success && row.ip == "192.0.2.44" && row.userAgent == "TransferTest")
            #expect(row.factors == transfer.factors)
            #expect(row.detail.contains("reception=\(transfer.receptionNumber)") && row.detail.contains("amount=12345 fee=110"))

            #expect(try await world.bank.transfers.find(by: .customer(id: world.payer.id), receptionNumber: transfer.receptionNumber) == transfer)
            #expect(try await world.bank.transfers.find(by: .customer(id: world.payee.id), receptionNumber: transfer.receptionNumber) == nil,
                    "another customer never sees it")
            let status = try await world.bank.transferLimits.status(by: .customer(id: world.payer.id))
            #expect(status.limit == Yen(1_000_000) && status.remainingToday == Yen(1_000_000 - 12_345))
            try await world.expectLedgerConsistent()
        }
    }

    /// A 振替 between one's own accounts is not a 振込: it neither uses nor needs the daily limit.
    @Test(arguments: TestDatabases.engines)
    func ownAccountTransfersLeaveTheDailyLimitAlone(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.settings(dailyLimit: 100_000)) { world in
            try await world.transfer(world.payer, from: world.payer.ordinary, to: .own(accountID: world.payer.savings.id),
                                     amount: "300000")
            #expect(try await world.bank.transferLimits.status(by: .customer(id: world.payer.id)).remainingToday == Yen(100_000))
            try await world.transfer(world.payer, from: world.payer.ordinary, to: world.payee.typed(world.payee.ordinary),
                                     amount: "100000")
            #expect(try await world.bank.transferLimits.status(by: .customer(id: world.payer.id)).remainingToday == .zero)
            try await world.transfer(world.payer, from: world.payer.savings, to: .own(accountID: world.payer.ordinary.id),
                                     amount: "1000")
            #expect(try await world.balance(world.payer.savings) == 299_000)
            try await world.expectLedgerConsistent()
        }
    }
}
