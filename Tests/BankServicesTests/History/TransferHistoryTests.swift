import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 振込・振替履歴照会: the customer's own transfers in the period, newest first, bounded, each
/// the row the result screen reads by its 受付番号.
@Suite struct TransferHistoryTests {
    static func lastMonth(_ world: TransferWorld) -> StatementPeriod {
        let today = world.bank.today()
        return StatementPeriod(from: today.adding(months: -1), to: today)
    }

    @Test(arguments: TestDatabases.engines)
    func listsOwnTransfersNewestFirstInThePeriod(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let payer = world.payer
            let first = try await world.transfer(payer, from: payer.ordinary, to: payer.typed(world.payee.ordinary), amount: "1000")
            world.clock.advance(by: 60)
            let second = try await world.transfer(payer, from: payer.ordinary, to: TransferWorld.otherBank, amount: "2000")
            try await world.transfer(world.payee, from: world.payee.ordinary, to: world.payee.typed(payer.ordinary), amount: "500")

            let history = try await world.bank.history.transfers(by: .customer(id: payer.id), period: Self.lastMonth(world))
            #expect(history.transfers.map(\.receptionNumber)
                == [second.transfer.receptionNumber, first.transfer.receptionNumber], "newest first, never another customer's")
            #expect(!history.truncated)
            #expect(history.transfers.first == second.transfer, "the same row the result screen reads")
            let found = try await world.bank.transfers.find(by: .customer(id: payer.id), receptionNumber: second.transfer.receptionNumber)
            #expect(found == history.transfers.first)

            // A period before the transfers lists none.
            let today = world.bank.today()
            let before = StatementPeriod(from: today.adding(months: -2), to: today.adding(months: -1).adding(days: -1))
            #expect(try await world.bank.history.transfers(by: .customer(id: payer.id), period: before).transfers.isEmpty)

            // Bounded: the newest within the limit, and said to be cut short.
            let bounded = try await world.bank.history.transfers(by: .customer(id: payer.id), period: Self.lastMonth(world), limit: 1)
            #expect(bounded.transfers.map(\.receptionNumber) == [second.transfer.receptionNumber])
            #expect(bounded.truncated)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func anotherCustomersReceptionNumberIsNotFound(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let made = try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank, amount: "1000")
            #expect(try await world.bank.transfers.find(by: .customer(id: world.payee.id),
                                                        receptionNumber: made.transfer.receptionNumber) == nil)
            #expect(try await world.bank.history.transfers(by: .customer(id: world.payee.id),
                                                           period: Self.lastMonth(world)).transfers.isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func onlyACustomerMayAskAndNothingIsWritten(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            try await world.transfer(world.payer, from: world.payer.ordinary, to: TransferWorld.otherBank, amount: "1000")
            let before = try await world.snapshot(), audit = try await world.audit(event: nil).count
            _ = try await world.bank.history.transfers(by: .customer(id: world.payer.id), period: Self.lastMonth(world))
            #expect(try await world.snapshot() == before)
            #expect(try await world.audit(event: nil).count == audit)
            await #expect(throws: BankError.self) {
                try await world.bank.history.transfers(by: .system, period: Self.lastMonth(world))
            }
        }
    }
}
