import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// The customer's use cases act for the customer who asks and nobody else: a customer sees
/// only their own accounts, and staff, the command line and the bank's own jobs are refused
/// there (they have use cases of their own, which check roles), with nothing written.
@Suite struct CustomerActorTests {
    @Test func anotherCustomersAccountIsRefusedAsUnknown() async throws {
        try await TransferWorld.with(.sqlite) { world in
            let payer = BankActor.customer(id: world.payer.id)
            let own = try await world.bank.accounts.balances(by: payer).map(\.id).sorted()
            #expect(own == [world.payer.ordinary.id, world.payer.savings.id].sorted())
            let today = JapanTime.Day(containing: world.clock.now())
            let period = StatementPeriod(from: today.adding(months: -1), to: today)
            await #expect(throws: BankError.notYourAccount) {
                try await world.bank.accounts.statement(by: payer, accountID: world.payee.ordinary.id, period: period)
            }
        }
    }

    @Test(arguments: [
        BankActor.operator(name: "clerk"), .system,
        .staff(StaffIdentity(id: 1, loginID: "counter01", name: "窓口 一郎", role: .supervisor)),
    ])
    func nobodyButTheCustomerUsesTheCustomersUseCases(actor: BankActor) async throws {
        try await TransferWorld.with(.sqlite) { world in
            let auditBefore = try await world.bank.database.read { db in try await AuditRecords.search(db, AuditQuery(), limit: 1_000) }
            await #expect(throws: BankError.customerNotFound) { try await world.bank.accounts.balances(by: actor) }
            await #expect(throws: BankError.customerNotFound) { try await world.bank.payees.list(by: actor) }
            await #expect(throws: BankError.customerNotFound) {
                try await world.bank.transfers.prepare(by: actor, sessionCookie: TransferWorld.cookie(),
                                                       sourceAccountID: world.payer.ordinary.id,
                                                       choice: .own(accountID: world.payer.savings.id), amount: "1000")
            }
            await #expect(throws: BankError.customerNotFound) {
                try await world.bank.otp.issueToken(by: actor, mobileEmail: "m@example.jp", activationPassword: "2468",
                                                    confirmationPassword: SeededCustomer.confirmationPassword,
                                                    session: [.loginPassword], client: TransferWorld.client)
            }
            let auditAfter = try await world.bank.database.read { db in try await AuditRecords.search(db, AuditQuery(), limit: 1_000) }
            #expect(auditAfter.count == auditBefore.count, "a refused actor leaves no trace to clean up")
            let total = try await world.bank.accounts.balances(by: .customer(id: world.payer.id)).map(\.balance.value).reduce(0, +)
            #expect(total == 1_000_000, "nothing moved")
        }
    }
}
