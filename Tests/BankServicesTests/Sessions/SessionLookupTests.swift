import BankCore
@testable import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// A page view's session look-up: the session and its customer in one statement, the view
/// recorded in one statement of its own, and everything that ends a session still ending it
/// (and auditing a timeout once), on both engines.
@Suite struct SessionLookupTests {
    static let client = TransferWorld.client

    static func logIn(_ world: TransferWorld) async throws -> String {
        guard case .success(let ticket) = try await world.bank.login.checkPassword(
            loginID: "tanaka01", password: SeededCustomer.loginPassword, client: client) else {
            throw TransferTestError("no login")
        }
        return ticket.cookieValue
    }

    static func stored(_ world: TransferWorld, _ cookie: String) async throws -> SessionRecord? {
        try await world.bank.database.read { db in try await SessionRecords.find(db, tokenHash: Bank.sha256Hex(cookie)) }
    }

    @Test(arguments: TestDatabases.engines)
    func theSessionIsFoundWithItsCustomer(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let cookie = try await Self.logIn(world)
            let hash = Bank.sha256Hex(cookie)
            let (joined, alone, customer, nothing) = try await world.bank.database.read { db in
                (try await SessionRecords.findWithCustomer(db, tokenHash: hash), try await SessionRecords.find(db, tokenHash: hash),
                 try await CustomerRecords.find(db, id: world.payer.id),
                 try await SessionRecords.findWithCustomer(db, tokenHash: Bank.sha256Hex(TransferWorld.cookie())))
            }
            let found = try #require(joined)
            #expect(found.session == alone, "the same session as read alone")
            #expect(found.customer == customer, "the same customer as read alone (created_at is the customer's, not the session's)")
            #expect(found.customer.id == world.payer.id && found.session.customerID == world.payer.id)
            #expect(nothing == nil)
            guard case .active(let session, let holder) = try await world.bank.sessions.resolve(cookie: cookie, client: Self.client) else {
                Issue.record("a fresh session is not active"); return
            }
            #expect(holder.id == world.payer.id && holder.loginID == "tanaka01")
            #expect(session.csrfToken == alone?.csrfToken)
        }
    }

    /// Within 10 s of the recorded view nothing is written; later the view is recorded.
    @Test(arguments: TestDatabases.engines)
    func aViewIsRecordedOnlyAfterTheGranularity(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let cookie = try await Self.logIn(world)
            let loggedIn = world.clock.now()
            world.clock.advance(by: 9)
            guard case .active = try await world.bank.sessions.resolve(cookie: cookie, client: Self.client) else {
                Issue.record("not active"); return
            }
            #expect(try await Self.stored(world, cookie)?.lastSeenAt == loggedIn)
            world.clock.advance(by: 1)
            guard case .active(let seen, _) = try await world.bank.sessions.resolve(cookie: cookie, client: Self.client) else {
                Issue.record("not active"); return
            }
            #expect(seen.lastSeenAt == world.clock.now(), "the answer carries the recorded view")
            #expect(try await Self.stored(world, cookie)?.lastSeenAt == world.clock.now())
            #expect(try await world.audit(event: "session_timeout").isEmpty)
        }
    }

    /// Idle for the limit: ended, audited once, and the cookie is dead from then on.
    @Test(arguments: TestDatabases.engines)
    func anIdleSessionIsRefusedAndAuditedOnce(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let cookie = try await Self.logIn(world)
            world.clock.advance(by: 600)
            #expect(try await world.bank.sessions.resolve(cookie: cookie, client: Self.client) == .expired(.idleExpired))
            #expect(try await Self.stored(world, cookie) == nil, "the row is gone")
            #expect(try await world.bank.sessions.resolve(cookie: cookie, client: Self.client) == .none)
            let rows = try await world.audit(event: "session_timeout")
            #expect(rows.count == 1 && rows.first?.detail == "idle" && rows.first?.customerID == world.payer.id)
        }
    }

    /// However busy, the hour since login ends it.
    @Test(arguments: TestDatabases.engines)
    func anOldSessionIsRefusedAsAbsolute(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let cookie = try await Self.logIn(world)
            for _ in 0..<7 {
                world.clock.advance(by: 500)
                guard case .active = try await world.bank.sessions.resolve(cookie: cookie, client: Self.client) else {
                    Issue.record("ended early"); return
                }
            }
            world.clock.advance(by: 100)
            #expect(try await world.bank.sessions.resolve(cookie: cookie, client: Self.client) == .expired(.absoluteExpired))
            #expect(try await world.audit(event: "session_timeout").map(\.detail) == ["absolute"])
        }
    }

    /// A customer who may no longer use the service loses the session, quick view or not.
    @Test(arguments: TestDatabases.engines)
    func aClosedCustomersSessionIsEnded(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let cookie = try await Self.logIn(world)
            let other = try await Self.logIn(world)
            try await world.bank.database.transaction { db in
                try await db.raw("UPDATE customers SET status = 'closed' WHERE id = \(bind: world.payer.id)").run()
            }
            world.clock.advance(by: 1)
            #expect(try await world.bank.sessions.resolve(cookie: cookie, client: Self.client) == .none)
            #expect(try await Self.stored(world, cookie) == nil, "the row is deleted")
            world.clock.advance(by: 30)
            #expect(try await world.bank.sessions.resolve(cookie: other, client: Self.client) == .none)
            #expect(try await world.sessionCount() == 0)
            #expect(try await world.audit(event: "session_timeout").isEmpty, "not a timeout")
        }
    }

    /// A view recorded after the session was ended elsewhere finds no row: the cookie is dead.
    @Test(arguments: TestDatabases.engines)
    func touchingAnEndedSessionSaysSo(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let cookie = try await Self.logIn(world)
            let hash = Bank.sha256Hex(cookie)
            let now = world.clock.now()
            #expect(try await world.bank.database.autocommit { db in try await SessionRecords.touch(db, tokenHash: hash, at: now) })
            try await world.bank.sessions.logout(cookie: cookie, client: Self.client)
            #expect(try await !world.bank.database.autocommit { db in try await SessionRecords.touch(db, tokenHash: hash, at: now) })
        }
    }
}
