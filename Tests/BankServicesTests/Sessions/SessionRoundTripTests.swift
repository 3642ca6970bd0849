import BankCore
@testable import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// What one request asks of the database (`CountingDatabase`), on both engines: a page view's
/// session look-up is one statement, its recorded view one more that is its own transaction
/// (no BEGIN … COMMIT), and the login's code step one read and one transaction. On PostgreSQL
/// every statement, BEGIN and COMMIT is a round trip: these budgets are what the pages'
/// and the OTP step's speed rest on (issue 20).
@Suite struct SessionRoundTripTests {
    static func counted(_ world: TransferWorld) -> (Bank, CountingDatabase) {
        let database = CountingDatabase(world.bank.database)
        return (Bank(database: database, clock: world.clock, settings: world.bank.context.settings, logger: TestDatabases.logger),
                database)
    }

    @Test(arguments: TestDatabases.engines)
    func aPageViewsSessionIsOneStatementAndItsRecordedViewOneMore(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let cookie = try await SessionLookupTests.logIn(world)
            let (bank, database) = Self.counted(world)
            world.clock.advance(by: 5)
            guard case .active = try await bank.sessions.resolve(cookie: cookie, client: TransferWorld.client) else {
                Issue.record("not active"); return
            }
            var counts = database.counts
            #expect(counts.reads == 1 && counts.statements == 1 && counts.commits == 0 && counts.snapshots == 0,
                    "a quick view: one read, one statement")
            database.reset()
            world.clock.advance(by: 10)
            guard case .active = try await bank.sessions.resolve(cookie: cookie, client: TransferWorld.client) else {
                Issue.record("not active"); return
            }
            counts = database.counts
            #expect(counts.reads == 1 && counts.autocommits == 1 && counts.transactions == 0 && counts.statements == 2,
                    "a recorded view: the read and one statement of its own, no transaction")
            #expect(counts.roundTrips == 2)
            database.reset()
            _ = try await bank.accounts.balances(by: .customer(id: world.payer.id))
            #expect(database.counts.statements == 1 && database.counts.transactions == 0, "残高照会: one statement")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theCodeStepIsOneReadAndOneTransaction(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let (secret, cookies) = try await CredentialConcurrencyTests.otpCustomer(world, waiting: 1)
            let (bank, database) = Self.counted(world)
            let code = TOTP.code(secret: secret, at: world.clock.now(), parameters: world.bank.settings.otp.parameters)
            guard case .success = try await bank.login.checkOTP(cookieValue: cookies[0], code: code, client: TransferWorld.client) else {
                Issue.record("the right code was refused"); return
            }
            let counts = database.counts
            #expect(counts.reads == 1 && counts.transactions == 1 && counts.commits == 1)
            // The look-up; then the customer's lock, the counter, the step, the session, the
            // login time, the audit row and the login notice (setting, claim, mail, record). On
            // PostgreSQL the first three are one statement (OTPCodeCheckRecords.take), the next
            // three one more (SessionRecords.replaceOnLogin), the notice's setting and claim one
            // (LoginNoticeRecords.claim), its mail and record one more (.record): 5 statements,
            // 7 round trips (was 11 and 13, then 7 and 9); SQLite sends each as its own, in-process.
            let budget = engine == .postgres ? 5 : 11
            #expect(counts.statements <= budget, "statements: \(counts.statements)")
            #expect(counts.roundTrips <= budget + 2, "round trips: \(counts.roundTrips)")
        }
    }
}
