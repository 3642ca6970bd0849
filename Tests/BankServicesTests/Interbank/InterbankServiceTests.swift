import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 他行宛: accepted into the clearing account, handed to the interbank batch once, and
/// possibly returned (the amount back, the fee kept).
@Suite struct InterbankServiceTests {
    @Test(arguments: TestDatabases.engines)
    func otherBankTransfersWaitInTheClearingAccount(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let small = try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank,
                                                 amount: "29999").transfer
            let large = try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank,
                                                 amount: "30000").transfer
            #expect(small.fee == Yen(330) && large.fee == Yen(550))
            for transfer in [small, large] {
                #expect(transfer.status == .accepted)
                #expect(transfer.route.rawValue == TransferRoute.otherBank.rawValue)
                #expect(transfer.destinationAccountID == nil)
                #expect(transfer.bankCode == "0998" && transfer.branchCode == "100" && transfer.holderName == "ｶｸｳ ｼﾞﾛｳ")
            }
            #expect(try await world.balance(world.payer.ordinary) == 1_000_000 - 59_999 - 880)
            #expect(try await world.internalBalance("interbank_clearing") == 59_999)
            #expect(try await world.internalBalance("fee_income") == 880)
            let body = try MailText.body(try #require(try await world.outbox(kind: "transfer_accepted").first))
            #expect(body.contains("架空サンプル銀行 本店営業部 普通 ****321 ｶｸｳ ｼﾞﾛｳ"))
            let source = world.payer.ordinary.accountNumber
            #expect(body.contains("支払口座: 本店 普通 ****\(source.suffix(3))"), "the payer's own number masked too")
            #expect(!body.contains(source))
            #expect(body.contains("受付済"))
            let queued = try await world.bank.interbank.list(status: .accepted)
            #expect(Set(queued.map(\.id)) == [small.id, large.id])
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func sentOnceThenReturnedOnce(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine, settings: TransferWorld.settings(dailyLimit: 100_000)) { world in
            let transfer = try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank,
                                                    amount: "40000").transfer
            #expect(try await world.bank.transferLimits.status(by: .customer(id: world.payer.id)).remainingToday == Yen(60_000))

            let sent = try await world.bank.interbank.markSent(id: transfer.id, by: .operator(name: "clerk"))
            #expect(sent.status == .sent && sent.statusChangedAt == world.clock.now())
            await #expect(throws: BankError.transferStatus("sent"), "never sent twice") {
                try await world.bank.interbank.markSent(id: transfer.id, by: .operator(name: "clerk"))
            }
            #expect(try await world.bank.interbank.list(status: .accepted).isEmpty)

            await #expect(throws: BankError.invalidInput([FieldError(field: "reason", messageKey: "error.reason.required")])) {
                try await world.bank.interbank.returnTransfer(id: transfer.id, reason: "  ", by: .operator(name: "clerk"))
            }
            world.clock.advance(by: 3600)
            let returned = try await world.bank.interbank.returnTransfer(id: transfer.id, reason: "口座なし", by: .operator(name: "clerk"))
            #expect(returned.status == .returned && returned.statusNote == "口座なし")
            #expect(try await world.balance(world.payer.ordinary) == 1_000_000 - 550, "the amount back, the fee kept")
            #expect(try await world.internalBalance("interbank_clearing") == 0)
            #expect(try await world.internalBalance("fee_income") == 550)
            #expect(try await world.bank.transferLimits.status(by: .customer(id: world.payer.id)).remainingToday == Yen(100_000),
                    "returned money no longer counts against the limit")

            let mails = try await world.outbox(kind: "transfer_returned")
            #expect(mails.count == 1 && mails.first?.recipients == ["tanaka01@example.jp"])
            let body = try MailText.body(try #require(mails.first))
            #expect(body.contains("受付番号: \(transfer.receptionNumber)") && body.contains("返却金額: 40,000円"))
            #expect(try await world.audit(world.payer, event: "interbank_returned").count == 1)

            let before = try await world.snapshot()
            await #expect(throws: BankError.transferStatus("returned"), "never returned twice") {
                try await world.bank.interbank.returnTransfer(id: transfer.id, reason: "口座なし", by: .operator(name: "clerk"))
            }
            await #expect(throws: BankError.transferStatus("returned")) {
                try await world.bank.interbank.markSent(id: transfer.id, by: .operator(name: "clerk"))
            }
            #expect(try await world.snapshot() == before)
            try await world.expectLedgerConsistent()
        }
    }

    /// An accepted transfer may come back before it was sent; in-bank transfers are not the batch's.
    @Test(arguments: TestDatabases.engines)
    func onlyOtherBankTransfersAreTheBatchs(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let accepted = try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank,
                                                    amount: "1000").transfer
            let inside = try await world.transfer(world.payer, from: world.payer.ordinary,
                                                  to: world.payee.typed(world.payee.ordinary), amount: "1000").transfer
            let before = try await world.snapshot()
            await #expect(throws: BankError.transferNotFound) { try await world.bank.interbank.markSent(id: inside.id, by: .operator(name: "clerk")) }
            await #expect(throws: BankError.transferNotFound) {
                try await world.bank.interbank.returnTransfer(id: inside.id, reason: "誤り", by: .operator(name: "clerk"))
            }
            await #expect(throws: BankError.transferNotFound) { try await world.bank.interbank.markSent(id: 999_999, by: .operator(name: "clerk")) }
            #expect(try await world.snapshot() == before)

            _ = try await world.bank.interbank.returnTransfer(id: accepted.id, reason: "受取人名相違", by: .operator(name: "clerk"))
            #expect(try await world.balance(world.payer.ordinary) == 1_000_000 - 330 - 1_000)
            #expect(try await world.bank.interbank.list(status: nil).map(\.id) == [accepted.id])
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theBankDirectoryNamesOtherBanks(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let destination = try await world.bank.transfers.resolveDestination(
                by: .customer(id: world.payer.id),
                .other(bankCode: "０９９８", branchCode: "２０１", accountType: "普通", accountNumber: "１２３ ４５６７",
                       holderName: "ｶﾌﾞｼｷｶﾞｲｼﾔ ﾃｽﾄ"))
            #expect(destination.bankName == "架空サンプル銀行" && destination.branchName == "駅前支店")
            #expect(destination.accountNumber == "1234567" && destination.accountID == nil)
            #expect(destination.key == "0998-201-1-1234567")
        }
    }
}
