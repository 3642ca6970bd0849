import BankCore
@testable import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// The login's code step, one request after another, on both engines: the waiting session
/// becomes the signed-in one under a new key (one statement), a replayed code is refused and
/// not counted, a wrong one is counted, a right one starts the count again, the limit locks.
@Suite struct OTPLoginStepTests {
    static let client = CredentialConcurrencyTests.client

    static func code(_ world: TransferWorld, _ secret: [UInt8]) -> String {
        TOTP.code(secret: secret, at: world.clock.now(), parameters: world.bank.settings.otp.parameters)
    }

    static func stored(_ world: TransferWorld, _ cookie: String) async throws -> SessionRecord? {
        try await world.bank.database.read { db in try await SessionRecords.find(db, tokenHash: Bank.sha256Hex(cookie)) }
    }

    @Test(arguments: TestDatabases.engines)
    func aRightCodeReplacesTheWaitingSessionAndIsNotAcceptedTwice(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let (secret, cookies) = try await CredentialConcurrencyTests.otpCustomer(world, waiting: 2)
            let waiting = try #require(try await Self.stored(world, cookies[0]))
            world.clock.advance(by: 5)
            let code = Self.code(world, secret)
            guard case .success(let ticket) = try await world.bank.login.checkOTP(cookieValue: cookies[0], code: code,
                                                                                   client: Self.client) else {
                Issue.record("the right code was refused"); return
            }
            #expect(ticket.cookieValue != cookies[0] && ticket.stage == .authenticated)
            #expect(try await Self.stored(world, cookies[0]) == nil, "the waiting key is gone")
            let signedIn = try #require(try await Self.stored(world, ticket.cookieValue))
            #expect(signedIn.stage == .authenticated && signedIn.factorsPresented == [.loginPassword, .otp])
            #expect(signedIn.createdAt == waiting.createdAt, "the hour runs from the password step")
            #expect(signedIn.lastSeenAt == world.clock.now() && signedIn.csrfToken == ticket.csrfToken)
            #expect(signedIn.customerID == world.payer.id && signedIn.userAgent == Self.client.userAgent)
            #expect(try await world.sessionCount() == 2)
            guard case .active = try await world.bank.sessions.resolve(cookie: ticket.cookieValue, client: Self.client) else {
                Issue.record("the new session does not open the menu"); return
            }

            // The same code from the other waiting login: used, not wrong, not counted.
            #expect(try await world.bank.login.checkOTP(cookieValue: cookies[1], code: code, client: Self.client) == .alreadyUsed)
            #expect(try await world.credential(world.payer, .otp).failures == 0)
            guard case .otpPending = try await world.bank.sessions.resolve(cookie: cookies[1], client: Self.client) else {
                Issue.record("a replayed code ended the waiting login"); return
            }
            // And the replaced session's old key cannot pass the step again.
            world.clock.advance(by: 60)
            #expect(try await world.bank.login.checkOTP(cookieValue: cookies[0], code: Self.code(world, secret),
                                                        client: Self.client) == .noPendingLogin)
            let logins = try await world.audit(world.payer, event: "login").filter { $0.detail.contains("otp") }
            #expect(logins.count == 1 && logins.first?.result == .success)
            let codeChecks = try await world.audit(world.payer, event: "login_otp")
            #expect(codeChecks.map(\.result) == [.refused], "the replay, audited as refused")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func wrongCodesAreCountedAndARightOneStartsTheCountAgain(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let (secret, cookies) = try await CredentialConcurrencyTests.otpCustomer(world, waiting: 1)
            let right = Self.code(world, secret)
            let wrong = right == "000000" ? "111111" : "000000"
            #expect(try await world.bank.login.checkOTP(cookieValue: cookies[0], code: wrong, client: Self.client) == .wrongCode)
            #expect(try await world.bank.login.checkOTP(cookieValue: cookies[0], code: wrong, client: Self.client) == .wrongCode)
            #expect(try await world.credential(world.payer, .otp).failures == 2)
            let failures = try await world.audit(world.payer, event: "login_otp").filter { $0.result == .failure }
            #expect(failures.count == 2 && failures.first?.detail.contains("failures=2") == true)
            guard case .success = try await world.bank.login.checkOTP(cookieValue: cookies[0], code: right, client: Self.client) else {
                Issue.record("the right code after two wrong ones was refused"); return
            }
            #expect(try await world.credential(world.payer, .otp).failures == 0)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theLimitLocksAndEndsTheWaitingLogin(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let (secret, cookies) = try await CredentialConcurrencyTests.otpCustomer(world, waiting: 2)
            let right = Self.code(world, secret)
            let wrong = right == "000000" ? "111111" : "000000"
            for _ in 0..<4 {
                #expect(try await world.bank.login.checkOTP(cookieValue: cookies[0], code: wrong, client: Self.client) == .wrongCode)
            }
            #expect(try await world.bank.login.checkOTP(cookieValue: cookies[0], code: wrong, client: Self.client) == .locked)
            #expect(try await Self.stored(world, cookies[0]) == nil, "the waiting login is ended")
            let state = try await world.credential(world.payer, .otp)
            #expect(state.failures == 5 && state.isLocked)
            #expect(try await world.outbox(kind: "otp_locked").count == 1)
            #expect(try await world.audit(world.payer, event: "credential_locked").count == 1)
            // Locked: even the right code is not checked, and nothing more is counted.
            #expect(try await world.bank.login.checkOTP(cookieValue: cookies[1], code: right, client: Self.client) == .locked)
            #expect(try await world.credential(world.payer, .otp).failures == 5)
            #expect(try await world.outbox(kind: "otp_locked").count == 1)
        }
    }
}
