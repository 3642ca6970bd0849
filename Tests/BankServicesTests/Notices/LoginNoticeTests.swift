import BankCore
@testable import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// ログインのお知らせ: after every full login, in the login's transaction; at most one a
/// minute per customer (in the database); a new browser notified even with notices off;
/// nothing for a failed login or an unknown ID; with the OTP, after the code only.
@Suite struct LoginNoticeTests {
    @Test(arguments: TestDatabases.engines)
    func everyLoginIsNotifiedAtMostOnceAMinute(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            guard case .success(let ticket) = try await Notice.login(world) else { Issue.record("login failed"); return }
            let mail = try #require(try await Notice.mails(world).first)
            #expect(mail.recipients == ["tanaka01@example.jp"] && !mail.urgent && !mail.containsSecret)
            #expect(try MailText.subject(mail) == "【きょうえい】ログインのお知らせ (login to your account)")
            let body = try MailText.body(mail)
            #expect(body.contains("ログイン日時: 2026年11月25日 10:00"))
            #expect(body.contains("IPアドレス: 198.51.100.7") && body.contains("IP address: 198.51.100.7"))
            #expect(body.contains("ブラウザ: Chrome（Linux）") && body.contains("Browser: Chrome (Linux)"))
            #expect(body.contains("これまでにログインのなかったブラウザ"), "the first login from browser A is a new browser")
            #expect(!body.contains("http") && !body.contains("{"), "no link, no placeholder left")

            // 30 s later: throttled (written down, no mail); 61 s after the first: sent.
            world.clock.advance(by: 30)
            try await Notice.login(world)
            #expect(try await Notice.mails(world).count == 1)
            world.clock.advance(by: 31)
            try await Notice.login(world)
            let mails = try await Notice.mails(world)
            #expect(mails.count == 2)
            #expect(try !MailText.body(mails[0]).contains("これまでにログインのなかったブラウザ"), "browser A is known now")

            let rows = try await Notice.rows(world)
            #expect(rows.map(\.outcome) == [.sent, .throttled, .sent])
            #expect(rows.map(\.newBrowser) == [false, false, true])
            #expect(rows.last?.sessionHash == Bank.sha256Hex(ticket.cookieValue) && rows.last?.recipient == "tanaka01@example.jp")
            #expect(rows.last?.messageID == mail.messageID && rows[1].messageID == nil)
        }
    }

    /// Someone logging in from another device right after the customer is still notified: a
    /// new browser has a throttle slot of its own, and that slot throttles a flood of new ones.
    @Test(arguments: TestDatabases.engines)
    func aNewBrowserRightAfterTheCustomersLoginIsNotified(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            try await Notice.login(world)
            world.clock.advance(by: 120)
            try await Notice.login(world)
            #expect(try await Notice.mails(world).count == 2, "browser A, then A again two minutes later")
            world.clock.advance(by: 10)
            try await Notice.login(world, browser: Notice.browserB)
            let mails = try await Notice.mails(world)
            #expect(mails.count == 3, "browser B ten seconds after the customer's own login")
            #expect(try MailText.body(mails[0]).contains("これまでにログインのなかったブラウザ"))
            world.clock.advance(by: 10)
            try await Notice.login(world, browser: nil)
            world.clock.advance(by: 10)
            try await Notice.login(world)
            #expect(try await Notice.mails(world).count == 3, "a second new browser and browser A within the minute: throttled")
            #expect(try await Notice.rows(world).map(\.outcome) == [.throttled, .throttled, .sent, .sent, .sent])
        }
    }

    /// The minimum interval is a setting (KYOEI_LOGIN_NOTICE_MIN_INTERVAL_SECONDS).
    @Test(arguments: TestDatabases.engines)
    func theIntervalIsASetting(engine: DatabaseEngine) async throws {
        var settings = TransferWorld.settings()
        settings.loginNoticeMinInterval = 5
        try await TransferWorld.with(engine, settings: settings) { world in
            try await Notice.login(world)
            world.clock.advance(by: 4)
            try await Notice.login(world)
            world.clock.advance(by: 1)
            try await Notice.login(world)
            #expect(try await Notice.rows(world).map(\.outcome) == [.sent, .throttled, .sent])
        }
    }

    /// Logins at the same moment on two connections (two nodes): one mail, never two.
    @Test(arguments: TestDatabases.engines)
    func simultaneousLoginsSendOneNotice(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let outcomes = try await withThrowingTaskGroup(of: LoginOutcome.self) { group in
                for _ in 0..<4 { group.addTask { try await Notice.login(world) } }
                return try await group.reduce(into: [LoginOutcome]()) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { if case .success = $0 { true } else { false } })
            #expect(try await Notice.mails(world).count == 1)
            let rows = try await Notice.rows(world)
            #expect(rows.count == 4 && rows.filter { $0.outcome == .sent }.count == 1)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func turnedOffButANewBrowserIsNotifiedAnyway(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            try await Notice.login(world)
            try await Notice.turn(world, false)
            world.clock.advance(by: 120)
            try await Notice.login(world)
            #expect(try await Notice.mails(world).count == 1, "browser A is known and notices are off")
            world.clock.advance(by: 120)
            try await Notice.login(world, browser: Notice.browserB)
            world.clock.advance(by: 120)
            try await Notice.login(world, browser: nil)
            let mails = try await Notice.mails(world)
            #expect(mails.count == 3, "browser B and a browser without the cookie are new")
            #expect(try MailText.body(mails[0]).contains("This login came from a browser not used with your account before."))
            #expect(try await Notice.rows(world).map(\.outcome) == [.sent, .sent, .off, .sent])
            // On again: the known browser is notified again.
            try await Notice.turn(world, true)
            world.clock.advance(by: 120)
            try await Notice.login(world)
            #expect(try await Notice.mails(world).count == 4)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func failedLoginsAndUnknownIDsAreNeverMailed(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let wrong = try await Notice.login(world, password: "Wrong2026pass")
            #expect(wrong == .invalidCredentials)
            #expect(try await Notice.login(world, loginID: "nobody99") == .invalidCredentials)
            #expect(try await Notice.login(world, browser: Notice.browserB, loginID: "nobody99") == .invalidCredentials)
            #expect(try await Notice.mails(world).isEmpty)
            #expect(try await Notice.rows(world).isEmpty)
            #expect(try await world.bank.database.read { db in
                try await KnownBrowserRecords.count(db, customerID: world.payer.id)
            } == 0, "a failed login makes no browser known")
        }
    }

    /// With the OTP on, the password alone is no login: the notice follows the code, once.
    @Test(arguments: TestDatabases.engines)
    func otpLoginIsNotifiedAfterTheCode(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let secret = try await BackOfficeCompensationTests().activateOTP(world, world.payer)
            world.clock.advance(by: 60)
            guard case .success(let waiting) = try await Notice.login(world) else { Issue.record("password step failed"); return }
            #expect(waiting.stage == .otpPending)
            #expect(try await Notice.mails(world).isEmpty, "not after the password")
            #expect(try await Notice.rows(world).isEmpty)
            let wrong = try await world.bank.login.checkOTP(cookieValue: waiting.cookieValue, code: "000000", client: Notice.chrome,
                                                            browser: Notice.browserA)
            #expect(wrong == .wrongCode)
            #expect(try await Notice.mails(world).isEmpty, "not after a wrong code")
            let code = TOTP.code(secret: secret, at: world.clock.now(), parameters: world.bank.settings.otp.parameters)
            guard case .success(let ticket) = try await world.bank.login.checkOTP(
                cookieValue: waiting.cookieValue, code: code, client: Notice.chrome, browser: Notice.browserA) else {
                Issue.record("code refused"); return
            }
            #expect(try await Notice.mails(world).count == 1)
            let row = try #require(try await Notice.rows(world).first)
            #expect(row.outcome == .sent && row.sessionHash == Bank.sha256Hex(ticket.cookieValue), "the session after the code")
        }
    }
}
