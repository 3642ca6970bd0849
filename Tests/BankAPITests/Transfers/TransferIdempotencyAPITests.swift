@testable import BankAPI
import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import HTTPTypes
import Testing

/// `Idempotency-Key` on POST /api/v1/transfers: required, a replay answers the first result
/// (success or a refusal that counted) with the same status, another body under the key is
/// refused, parallel replays pay once, and a request whose process died is taken over.
@Suite struct TransferIdempotencyAPITests {
    @Test(arguments: TestDatabases.engines)
    func theKeyIsRequiredAndAReplayAnswersTheFirstResult(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            let quoteID = try await site.quoteID(token, destination: APISite.typed(suzuki.savings))

            let missing = try await site.transfer(token, quoteID: quoteID, key: nil)
            #expect(missing.status == .badRequest && missing.fieldErrors["Idempotency-Key"] != nil, "\(missing.body)")
            let short = try await site.transfer(token, quoteID: quoteID, key: "abc")
            #expect(short.status == .badRequest && short.fieldErrors["Idempotency-Key"] == "error.idempotency_key.invalid",
                    "\(short.body)")

            // A wrong password is answered, counted once, and kept for the key.
            let wrongKey = UUID().uuidString
            let wrong = try await site.transfer(token, quoteID: quoteID, key: wrongKey, password: "not-it")
            #expect(wrong.status == .unprocessableContent)
            let wrongAgain = try await site.transfer(token, quoteID: quoteID, key: wrongKey, password: "not-it")
            #expect(wrongAgain.status == wrong.status && wrongAgain.body == wrong.body, "the same answer, byte for byte")
            #expect(try await site.credential(.confirmationPassword).failures == 1, "a replay is not another guess")
            let corrected = try await site.transfer(token, quoteID: quoteID, key: wrongKey)
            #expect(corrected.status == .unprocessableContent && corrected.problem == "idempotency_key.reused", "\(corrected.body)")
            #expect(try await site.transferCount() == 0)

            let key = UUID().uuidString
            let first = try await site.transfer(token, quoteID: quoteID, key: key)
            #expect(first.status == .created, "\(first.body)")
            let replay = try await site.transfer(token, quoteID: quoteID, key: key)
            #expect(replay.status == .created && replay.body == first.body)
            #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(try await site.transferCount() == 1)
            #expect(try await site.outbox(kind: "transfer_accepted").count == 1)
            let other = try await site.transfer(token, quoteID: quoteID, key: key, extra: ["mailPassword": "x"])
            #expect(other.status == .unprocessableContent && other.problem == "idempotency_key.reused")
            #expect(other.fieldErrors["Idempotency-Key"] != nil)
            // Keys are per customer: 鈴木's same key is a request of his own (refused on the quote, not the key).
            let suzukiToken = try await site.createSession("suzuki01").json["token"] as? String ?? ""
            let his = try await site.transfer(suzukiToken, quoteID: quoteID, key: key)
            #expect(his.status == .unprocessableContent && his.problem == "transfer.confirmation_expired", "\(his.body)")
            try await site.expectLedgerConsistent()
        }
    }

    /// Twelve identical requests at once: one transfer, one debit; every answer is that
    /// transfer or "in progress" (409), and retrying those gives the same transfer.
    @Test(arguments: TestDatabases.engines)
    func parallelReplaysPayOnce(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            let quoteID = try await site.quoteID(token, destination: APISite.typed(suzuki.savings), amount: 20_000)
            let key = UUID().uuidString
            let answers = try await withThrowingTaskGroup(of: APIResponse.self) { group in
                for _ in 0..<12 { group.addTask { try await site.transfer(token, quoteID: quoteID, key: key) } }
                return try await group.reduce(into: [APIResponse]()) { $0.append($1) }
            }
            let created = answers.filter { $0.status == .created }
            #expect(!created.isEmpty)
            #expect(answers.allSatisfy { $0.status == .created || $0.status == .conflict }, "\(answers.map(\.status))")
            #expect(Set(created.map(\.body)).count == 1, "every success is the same transfer")
            for busy in answers where busy.status == .conflict {
                #expect(busy.problem == "idempotency_key.in_progress" && busy.headers[.retryAfter] == "1")
            }
            let retried = try await site.transfer(token, quoteID: quoteID, key: key)
            #expect(retried.status == .created && retried.body == created.first?.body)
            #expect(try await site.transferCount() == 1)
            #expect(try await site.balance(suzuki.savings) == 20_000)
            #expect(try await site.credential(.confirmationPassword).failures == 0, "a right password is never counted against")
            try await site.expectLedgerConsistent()
        }
    }

    /// The process died after claiming the key: before the transfer (nothing paid) or after
    /// it (paid, answer not kept). Within the lease a replay is told to wait; after it, the
    /// replay runs the quote, which pays once in both cases.
    @Test(arguments: TestDatabases.engines)
    func aRequestCutShortIsTakenOverAfterItsLease(_ engine: DatabaseEngine) async throws {
        try await withAPI(engine) { site in
            let suzuki = try await site.openPayee()
            let token = try await site.logIn()
            let actor = BankActor.customer(id: site.customer.customer.id)
            for paidBeforeTheCrash in [false, true] {
                let quoteID = try await site.quoteID(token, destination: APISite.typed(suzuki.savings), amount: 1_000)
                let key = UUID().uuidString
                let request = Components.Schemas.TransferRequest(quoteId: quoteID, confirmationPassword: APISite.confirmation)
                let canonical = String(decoding: try APIHandler.canonicalEncoder.encode(request), as: UTF8.self)
                guard case .run = try await site.bank.idempotency.start(by: actor, key: key, operation: APIHandler.createTransferOperation,
                                                                       request: canonical) else {
                    Issue.record("the dead request held the key"); return
                }
                let before = try await site.transferCount()
                var paid: String?
                if paidBeforeTheCrash {
                    paid = try await site.bank.transfers.executeQuote(
                        by: actor, sessionToken: token, quoteID: quoteID, confirmationPassword: APISite.confirmation,
                        mailPassword: "", holderConfirmed: false, session: [.loginPassword], client: .commandLine).transfer.receptionNumber
                }
                let waiting = try await site.transfer(token, quoteID: quoteID, key: key)
                #expect(waiting.status == .conflict, "\(waiting.body)")
                site.clock.advance(by: site.bank.idempotency.lease + 1)
                let takenOver = try await site.transfer(token, quoteID: quoteID, key: key)
                #expect(takenOver.status == .created, "\(takenOver.body)")
                if let paid { #expect(takenOver.json["receptionNumber"] as? String == paid, "the transfer made before the crash") }
                #expect(try await site.transferCount() == before + 1, "the quote paid once")
                let replay = try await site.transfer(token, quoteID: quoteID, key: key)
                #expect(replay.status == .created && replay.body == takenOver.body)
            }
            #expect(try await site.transferCount() == 2)
            try await site.expectLedgerConsistent()
        }
    }
}
