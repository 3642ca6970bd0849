import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// `Idempotency-Key` bookkeeping of the JSON API: one run per customer and key, the first
/// answer replayed, another request refused, a dead holder's key taken over after its lease,
/// a key forgotten after the retention.
@Suite struct IdempotencyServiceTests {
    static let operation = "createTransfer"

    @Test(arguments: TestDatabases.engines)
    func aKeyRunsOnceAndReplaysItsFirstAnswer(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let service = world.bank.idempotency
            let actor = BankActor.customer(id: world.payer.id)
            guard case .run(let ticket) = try await service.start(by: actor, key: "key-00000001", operation: Self.operation,
                                                                   request: #"{"quoteId":"q1"}"#) else {
                Issue.record("the first request runs"); return
            }
            #expect(try await service.start(by: actor, key: "key-00000001", operation: Self.operation,
                                            request: #"{"quoteId":"q1"}"#) == .inProgress, "a parallel replay waits")
            let answer = IdempotentAnswer(status: 201, body: #"{"receptionNumber":"R1"}"#, receptionNumber: "R1")
            #expect(try await service.finish(ticket, answer) == answer)
            #expect(try await service.start(by: actor, key: "key-00000001", operation: Self.operation,
                                            request: #"{"quoteId":"q1"}"#) == .replay(answer))
            #expect(try await service.start(by: actor, key: "key-00000001", operation: Self.operation,
                                            request: #"{"quoteId":"q2"}"#) == .mismatch, "another body: 422")
            #expect(try await service.start(by: actor, key: "key-00000001", operation: "createPayee",
                                            request: #"{"quoteId":"q1"}"#) == .mismatch, "another endpoint: 422")
            // Keys are the customer's own: the same key of another customer is a new request.
            guard case .run = try await service.start(by: .customer(id: world.payee.id), key: "key-00000001",
                                                      operation: Self.operation, request: #"{"quoteId":"q1"}"#) else {
                Issue.record("another customer's key is theirs"); return
            }
            // After the retention the key may be used again.
            world.clock.advance(by: service.retention + 1)
            guard case .run = try await service.start(by: actor, key: "key-00000001", operation: Self.operation,
                                                      request: #"{"quoteId":"q3"}"#) else {
                Issue.record("an expired key is forgotten"); return
            }
        }
    }

    /// The request stored nothing (abandoned) or its process died (the lease ran out): the
    /// next request with the key runs, and a holder that finishes late finds the answer kept.
    @Test(arguments: TestDatabases.engines)
    func aReleasedOrDeadKeyRunsAgain(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let service = world.bank.idempotency
            let actor = BankActor.customer(id: world.payer.id)
            let body = #"{"quoteId":"q"}"#
            guard case .run(let first) = try await service.start(by: actor, key: "k-released", operation: Self.operation,
                                                                  request: body) else { Issue.record("runs"); return }
            await service.abandon(first)
            guard case .run = try await service.start(by: actor, key: "k-released", operation: Self.operation, request: body) else {
                Issue.record("a released key runs again"); return
            }

            guard case .run(let dead) = try await service.start(by: actor, key: "k-dead", operation: Self.operation,
                                                                 request: body) else { Issue.record("runs"); return }
            world.clock.advance(by: service.lease - 1)
            #expect(try await service.start(by: actor, key: "k-dead", operation: Self.operation, request: body) == .inProgress)
            world.clock.advance(by: 2)
            guard case .run(let takeover) = try await service.start(by: actor, key: "k-dead", operation: Self.operation,
                                                                     request: body) else {
                Issue.record("a lease that ran out is taken over"); return
            }
            #expect(try await service.start(by: actor, key: "k-dead", operation: Self.operation, request: body) == .inProgress,
                    "taken over once")
            let kept = IdempotentAnswer(status: 201, body: "{\"n\":1}", receptionNumber: "R")
            #expect(try await service.finish(takeover, kept) == kept)
            #expect(try await service.finish(dead, IdempotentAnswer(status: 422, body: "{}")) == kept,
                    "the late holder answers with the answer kept")
        }
    }

    /// Keys of customers who do not come back are forgotten by the session sweep after the retention.
    @Test(arguments: TestDatabases.engines)
    func theSweepForgetsExpiredKeys(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let service = world.bank.idempotency
            guard case .run(let ticket) = try await service.start(by: .customer(id: world.payer.id), key: "k-swept-1",
                                                                   operation: Self.operation, request: "{}") else { return }
            _ = try await service.finish(ticket, IdempotentAnswer(status: 201, body: "{}"))
            let rows = { try await world.bank.database.read { db in
                try await IdempotencyRecords.find(db, customerID: world.payer.id, key: "k-swept-1") } }
            _ = try await world.bank.sessions.sweepExpired()
            #expect(try await rows() != nil, "kept within the retention")
            world.clock.advance(by: service.retention)
            _ = try await world.bank.sessions.sweepExpired()
            #expect(try await rows() == nil)
        }
    }

    @Test func theHeaderIsChecked() throws {
        #expect(try IdempotencyService.key("0f3c5a1e-9b7d-4c2a-8e6f-123456789abc") == "0f3c5a1e-9b7d-4c2a-8e6f-123456789abc")
        #expect(try IdempotencyService.key("\"abcdefgh12\"") == "abcdefgh12", "a Structured Field string")
        for bad in [nil, "", "short", "has space inside", String(repeating: "a", count: 256), "日本語のキーです日本語"] {
            #expect(throws: BankError.self, "\(bad ?? "nil")") { try IdempotencyService.key(bad) }
        }
    }
}
