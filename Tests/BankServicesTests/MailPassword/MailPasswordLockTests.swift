import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// Wrong メール通知パスワード lock it at the limit (a new password does not reset the count),
/// and a mailed password dies with the session it was issued in.
@Suite struct MailPasswordLockTests {
    typealias Flow = MailPasswordTransferTests

    @Test(arguments: TestDatabases.engines)
    func wrongPasswordsLockAndANewOneDoesNotResetTheCount(engine: DatabaseEngine) async throws {
        try await Flow.withMailPassword(engine) { world, payeeID in
            let choice = DestinationChoice.customerPayee(id: payeeID)
            _ = try await Flow.select(world, choice)
            let confirmation = try await Flow.prepare(world, choice)
            var before = try await world.snapshot()
            for attempt in 1...2 {
                await #expect(throws: BankError.mailPasswordRefused(.incorrect), "attempt \(attempt)") {
                    try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: "AAAAAAAAAA")
                }
            }
            _ = try await Flow.select(world, choice)
            let reissued = try await world.mailedPassword(world.payer)
            #expect(try await world.credential(world.payer, .mailPassword).failures == 2, "issuing does not reset the count")
            #expect(try await world.snapshot() == before.adding(outbox: 1), "only the new password's mail")
            before = try await world.snapshot()
            for attempt in 3...4 {
                await #expect(throws: BankError.mailPasswordRefused(.incorrect), "attempt \(attempt)") {
                    try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: "AAAAAAAAAA")
                }
            }
            await #expect(throws: BankError.mailPasswordRefused(.locked), "the fifth wrong one locks") {
                try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: "AAAAAAAAAA")
            }
            await #expect(throws: BankError.mailPasswordRefused(.locked), "the right one after the lock") {
                try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: reissued)
            }
            #expect(try await world.credential(world.payer, .mailPassword).isLocked)
            #expect(try await world.snapshot() == before.adding(outbox: 1), "nothing but the lock's notice")
            #expect(try await world.audit(world.payer, event: "credential_locked").map(\.detail) == ["mail_password"])
            let notices = try await world.outbox(kind: "credential_locked")
            #expect(notices.count == 1 && notices.first?.recipients == [world.payer.customer.pcEmail])
            #expect(try MailText.body(try #require(notices.first)).contains("メール通知パスワードの誤入力が規定の回数に達したため"))
            // Locked, no further password is mailed, and the 振込・振替 screen says so.
            let mailed = try await world.outbox(kind: "mail_password").count
            await #expect(throws: BankError.mailPasswordRefused(.locked)) { try await Flow.select(world, choice) }
            #expect(try await world.outbox(kind: "mail_password").count == mailed)
            #expect(try await world.bank.transfers.choices(by: .customer(id: world.payer.id)).mailPasswordLocked)
            // The 確認用パスワード was right every time: it is not what locked.
            #expect(try await !world.credential(world.payer, .confirmationPassword).isLocked)
            // Transfers that need no mail password still work; the bank's unlock restores the rest.
            try await world.transfer(world.payer, from: world.payer.ordinary, to: .own(accountID: world.payer.savings.id),
                                     amount: "1000")
            #expect(try await world.bank.counter.unlock(loginID: "tanaka01", credential: .mailPassword, by: .operator(name: "clerk")) == [.mailPassword])
            _ = try await Flow.select(world, choice)
            try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: try await world.mailedPassword(world.payer))
        }
    }

    /// Logout discards the password; a confirmation made in the next session refuses it.
    @Test(arguments: TestDatabases.engines)
    func aPasswordEndsWithItsSession(engine: DatabaseEngine) async throws {
        try await Flow.withMailPassword(engine) { world, payeeID in
            let choice = DestinationChoice.customerPayee(id: payeeID)
            let first = try await Self.login(world)
            _ = try await Flow.select(world, choice, cookie: first)
            let password = try await world.mailedPassword(world.payer)
            let oldConfirmation = try await Flow.prepare(world, choice, cookie: first)

            try await world.bank.sessions.logout(cookie: first, client: TransferWorld.client)
            #expect(try await world.bank.database.read { db in
                try await MailPasswordRecords.find(db, customerID: world.payer.id)
            } == nil, "discarded at logout")

            let second = try await Self.login(world)
            let confirmation = try await Flow.prepare(world, choice, cookie: second)
            let before = try await world.snapshot()
            await #expect(throws: BankError.mailPasswordRefused(.notIssued)) {
                try await world.execute(world.payer, confirmation, cookie: second, mailPassword: password)
            }
            await #expect(throws: BankError.confirmationExpired, "the old session's 確認画面 is not this session's") {
                try await world.execute(world.payer, oldConfirmation, cookie: second, mailPassword: password)
            }
            #expect(try await world.snapshot() == before)
            _ = try await Flow.select(world, choice, cookie: second)
            try await world.execute(world.payer, confirmation, cookie: second, mailPassword: try await world.mailedPassword(world.payer))
        }
    }

    static func login(_ world: TransferWorld) async throws -> String {
        guard case .success(let ticket) = try await world.bank.login.checkPassword(loginID: "tanaka01", password: SeededCustomer.loginPassword,
                                                                     client: TransferWorld.client) else {
            throw TransferTestError( "login failed")
        }
        return ticket.cookieValue
    }
}
