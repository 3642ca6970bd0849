import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 入出金明細照会's rows from the ledger on both engines: a transfer's single debit becomes
/// the amount and a 振込手数料 line (read from the fee account's entry of the same ledger
/// transaction), each with its own balance; the payee sees the payer's name; a returned
/// transfer is named as such.
@Suite struct StatementRowsTests {
    @Test(arguments: TestDatabases.engines)
    func feeIsALineOfItsOwnWithItsOwnBalance(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let (payer, payee) = (world.payer, world.payee)
            try await world.transfer(payer, from: payer.ordinary, to: payee.typed(payee.savings), amount: "30000")
            let sent = try await world.transfer(payer, from: payer.ordinary, to: TransferWorld.otherBank, amount: "10000")
            _ = try await world.bank.interbank.returnTransfer(id: sent.transfer.id, reason: "口座なし", by: .operator(name: "test"))

            let today = world.bank.today()
            let period = StatementPeriod(from: today, to: today)
            let rows = try await world.bank.accounts.statement(by: .customer(id: payer.id), accountID: payer.ordinary.id, period: period).rows
            #expect(rows.map(\.summary) == [
                .transferReturned(to: "ｶｸｳ ｼﾞﾛｳ"),
                .transferFee, .transferSent(to: "ｶｸｳ ｼﾞﾛｳ"),
                .transferFee, .transferSent(to: "ｽｽﾞｷ ｲﾁﾛｳ"),
                .entry(kind: "counter_deposit", memo: ""),
            ])
            #expect(rows.map(\.amount.value) == [10_000, -330, -10_000, -220, -30_000, 1_000_000])
            #expect(rows.map(\.balanceAfter.value) == [969_450, 959_450, 959_780, 969_780, 970_000, 1_000_000])
            // Each balance is the older one plus the line's amount: the split keeps the running balance true.
            for (newer, older) in zip(rows, rows.dropFirst()) {
                #expect(newer.balanceAfter == older.balanceAfter + newer.amount)
            }
            #expect(try await world.balance(payer.ordinary) == 969_450)

            let received = try await world.bank.accounts.statement(by: .customer(id: payee.id), accountID: payee.savings.id, period: period).rows
            #expect(received.map(\.summary) == [.transferReceived(from: "ﾀﾅｶ ﾊﾅｺ")])
            #expect(received.map(\.amount.value) == [30_000])
        }
    }

    @Test(arguments: TestDatabases.engines)
    func ownAccountTransferIsOneFurikaeLineEachSide(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let payer = world.payer
            try await world.transfer(payer, from: payer.ordinary, to: .own(accountID: payer.savings.id), amount: "5000")
            let today = world.bank.today()
            let period = StatementPeriod(from: today, to: today)
            let from = try await world.bank.accounts.statement(by: .customer(id: payer.id), accountID: payer.ordinary.id, period: period).rows
            #expect(from.first?.summary == .ownTransfer && from.first?.amount == Yen(-5_000))
            let to = try await world.bank.accounts.statement(by: .customer(id: payer.id), accountID: payer.savings.id, period: period).rows
            #expect(to.map(\.summary) == [.ownTransfer] && to.map(\.amount.value) == [5_000])
        }
    }
}
