import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// A 確認画面 submitted twice (a double click, a reload, a replayed POST) pays once and
/// answers with the first transfer.
@Suite struct TransferIdempotencyTests {
    @Test(arguments: TestDatabases.engines)
    func aSecondSubmissionIsAnsweredWithTheFirstTransfer(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let confirmation = try await world.bank.transfers.prepare(
                by: .customer(id: world.payer.id), sessionCookie: "c", sourceAccountID: world.payer.ordinary.id,
                choice: world.payee.typed(world.payee.savings), amount: "30000")
            let first = try await world.execute(world.payer, confirmation, cookie: "c")
            let after = try await world.snapshot()
            let second = try await world.execute(world.payer, confirmation, cookie: "c")
            #expect(!first.replayed && second.replayed)
            #expect(second.transfer == first.transfer)
            #expect(try await world.snapshot() == after, "nothing paid, mailed or written twice")
            #expect(try await world.balance(world.payer.ordinary) == 1_000_000 - 30_220)
            #expect(try await world.outbox(kind: "transfer_accepted").count == 1)
            #expect(try await world.audit(world.payer, event: "transfer").count == 1)
            await #expect(throws: BankError.confirmationExpired, "the nonce is no other customer's") {
                try await world.execute(world.payee, confirmation, cookie: "c")
            }
        }
    }

    /// Twenty submissions of one 確認画面 at once, with the right password: one transfer,
    /// one debit, and the customer is not left locked out by their own double clicks.
    @Test(arguments: TestDatabases.engines)
    func concurrentSubmissionsOfOneNoncePayOnce(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let confirmation = try await world.bank.transfers.prepare(
                by: .customer(id: world.payer.id), sessionCookie: "c", sourceAccountID: world.payer.ordinary.id,
                choice: world.payee.typed(world.payee.savings), amount: "30000")
            let results = await withTaskGroup(of: Result<TransferOutcome, BankError>.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do { return .success(try await world.execute(world.payer, confirmation, cookie: "c")) } catch let error as BankError {
                            return .failure(error)
                        } catch {
                            return .failure(.invalidInput([FieldError(field: "unexpected", messageKey: "\(error)")]))
                        }
                    }
                }
                return await group.reduce(into: [Result<TransferOutcome, BankError>]()) { $0.append($1) }
            }
            let outcomes = results.compactMap { try? $0.get() }
            let failures = results.compactMap { result -> BankError? in if case .failure(let error) = result { error } else { nil } }
            #expect(outcomes.filter { !$0.replayed }.count == 1, "exactly one submission paid")
            #expect(Set(outcomes.map(\.transfer.id)).count == 1, "every answer is the same transfer")
            // Counting each attempt before checking it caps parallel guesses at the limit;
            // submissions beyond it are refused unchecked, never paid.
            for failure in failures { #expect(failure == .credentialLocked(.confirmationPassword), "\(failure)") }

            let transfers = try await world.bank.database.read { db in try await TransferRecords.list(db, customerID: world.payer.id) }
            #expect(transfers.count == 1)
            #expect(try await world.balance(world.payer.ordinary) == 1_000_000 - 30_220)
            #expect(try await world.balance(world.payee.savings) == 30_000)
            #expect(try await world.outbox(kind: "transfer_accepted").count == 1)
            #expect(try await world.audit(world.payer, event: "transfer").count == 1)
            #expect(try await !world.credential(world.payer, .confirmationPassword).isLocked,
                    "the right password, sent many times, leaves no lock behind")
            try await world.expectLedgerConsistent()
        }
    }
}
