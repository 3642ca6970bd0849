import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import SQLKit
import Testing

/// The JSON API's quote: `prepare` plus, where the destination needs it, a fresh メール通知パスワード
/// (the 確認画面's 再送); a locked mail password refuses before anything is written; a typed
/// 受取人名 unlike the holder's is paid only when the holder was confirmed.
@Suite struct TransferQuoteTests {
    typealias Flow = MailPasswordTransferTests

    @Test(arguments: TestDatabases.engines)
    func aQuoteMailsThePasswordItNeedsAndExecutesOnce(engine: DatabaseEngine) async throws {
        try await Flow.withMailPassword(engine) { world, payeeID in
            let actor = BankActor.customer(id: world.payer.id)
            let own = try await world.bank.transfers.quote(by: actor, sessionToken: "t", sourceAccountID: world.payer.ordinary.id,
                                                           choice: .own(accountID: world.payer.savings.id), amount: "1000",
                                                           client: TransferWorld.client)
            #expect(own.mailPasswordSentTo == nil && !own.confirmation.needsMailPassword)
            #expect(try await world.outbox(kind: "mail_password").isEmpty)

            let quote = try await world.bank.transfers.quote(by: actor, sessionToken: "t", sourceAccountID: world.payer.ordinary.id,
                                                             choice: .customerPayee(id: payeeID), amount: "10000",
                                                             client: TransferWorld.client)
            #expect(quote.mailPasswordSentTo == "tanaka01@example.jp" && quote.confirmation.needsMailPassword)
            let password = try await world.mailedPassword(world.payer)
            await #expect(throws: BankError.confirmationExpired, "another session's quote") {
                try await world.bank.transfers.executeQuote(by: actor, sessionToken: "other", quoteID: quote.confirmation.nonce,
                                                            confirmationPassword: SeededCustomer.confirmationPassword,
                                                            mailPassword: password, holderConfirmed: false,
                                                            session: TransferWorld.session, client: TransferWorld.client)
            }
            let outcome = try await world.bank.transfers.executeQuote(
                by: actor, sessionToken: "t", quoteID: quote.confirmation.nonce, confirmationPassword: SeededCustomer.confirmationPassword,
                mailPassword: password, holderConfirmed: false, session: TransferWorld.session, client: TransferWorld.client)
            #expect(!outcome.replayed && outcome.transfer.amount == Yen(10000))
            let again = try await world.bank.transfers.executeQuote(
                by: actor, sessionToken: "t", quoteID: quote.confirmation.nonce, confirmationPassword: SeededCustomer.confirmationPassword,
                mailPassword: password, holderConfirmed: false, session: TransferWorld.session, client: TransferWorld.client)
            #expect(again.replayed && again.transfer == outcome.transfer, "the quote pays once")
            try await world.expectLedgerConsistent()
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aLockedMailPasswordRefusesTheQuoteWritingNothing(engine: DatabaseEngine) async throws {
        try await Flow.withMailPassword(engine) { world, payeeID in
            let now = world.clock.now()
            try await world.bank.database.transaction { db in
                for _ in 0..<world.bank.settings.lockout.limit {
                    _ = try await CredentialRecords.recordFailure(db, customerID: world.payer.id, credential: .mailPassword,
                                                                  policy: world.bank.settings.lockout, at: now)
                }
            }
            let before = try await world.snapshot()
            let confirmations = try await Self.confirmationCount(world)
            await #expect(throws: BankError.mailPasswordRefused(.locked)) {
                try await world.bank.transfers.quote(by: .customer(id: world.payer.id), sessionToken: "t",
                                                     sourceAccountID: world.payer.ordinary.id, choice: .customerPayee(id: payeeID),
                                                     amount: "10000", client: TransferWorld.client)
            }
            #expect(try await world.snapshot() == before)
            #expect(try await Self.confirmationCount(world) == confirmations, "no quote kept")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aTypedNameUnlikeTheHolderNeedsTheHolderConfirmed(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let actor = BankActor.customer(id: world.payer.id)
            let quote = try await world.bank.transfers.quote(
                by: actor, sessionToken: "t", sourceAccountID: world.payer.ordinary.id,
                choice: world.payee.typed(world.payee.savings, holderName: "ﾍﾞﾂﾉ ﾅﾏｴ"), amount: "5000", client: TransferWorld.client)
            #expect(quote.confirmation.destination.typedHolderName == "ﾍﾞﾂﾉ ﾅﾏｴ")
            let before = try await world.snapshot()
            await #expect(throws: BankError.invalidInput([FieldError(field: "holderConfirmed", messageKey: "error.holder_name.confirm_required")])) {
                try await world.bank.transfers.executeQuote(by: actor, sessionToken: "t", quoteID: quote.confirmation.nonce,
                                                            confirmationPassword: "wrong-but-never-checked", mailPassword: "",
                                                            holderConfirmed: false, session: TransferWorld.session, client: TransferWorld.client)
            }
            #expect(try await world.snapshot() == before)
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 0, "nothing counted")
            let outcome = try await world.bank.transfers.executeQuote(
                by: actor, sessionToken: "t", quoteID: quote.confirmation.nonce, confirmationPassword: SeededCustomer.confirmationPassword,
                mailPassword: "", holderConfirmed: true, session: TransferWorld.session, client: TransferWorld.client)
            #expect(outcome.transfer.holderName == world.payee.savings.holderName, "paid to the holder")
        }
    }

    static func confirmationCount(_ world: TransferWorld) async throws -> Int64 {
        try await world.bank.database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM transfer_confirmations").first()?.decode(column: "n", as: Int64.self) ?? 0
        }
    }
}
