import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// トークン発行 for the customer's own authenticator app, on both engines: no 利用開始パスワード,
/// the secret made at once and sealed, the token set up at once and audited with its kind, the
/// mail without a link or a secret, the secret handed to the issuing session once, 利用開始
/// with a code computed from it, and the refusals of the token app's path unchanged.
@Suite struct AuthenticatorIssueServiceTests {
    static let client = ClientInfo(ip: "192.0.2.15", userAgent: "AuthenticatorIssueTest")
    static let cookie = "session-cookie-of-the-issuing-browser"

    static func issue(_ bank: Bank, _ customerID: Int64, confirmation: String = SeededCustomer.confirmationPassword,
                      cookie: String? = cookie) async throws -> IssuedToken {
        try await bank.otp.issueToken(by: .customer(id: customerID), kind: .authenticator, mobileEmail: "m@example.jp",
                                      activationPassword: "", confirmationPassword: confirmation, session: [.loginPassword],
                                      sessionCookie: cookie, client: client)
    }

    /// RFC 3986: every byte but the unreserved characters as %XX (Foundation counts kanji as letters).
    static func percentEncoded(_ text: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        return text.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
    }

    static func token(_ bank: Bank, _ userID: String) async throws -> OTPTokenRecord {
        try #require(try await bank.database.read { db in try await OTPTokenRecords.find(db, userID: userID) })
    }

    @Test(arguments: TestDatabases.engines)
    func issuesSetUpAtOnceShowsTheSecretOnceAndActivates(engine: DatabaseEngine) async throws {
        let clock = ManualClock()
        try await TestDatabases.withBank(engine, clock: clock) { bank in
            let customer = try await SeededCustomer.create(bank).customer
            let issued = try await Self.issue(bank, customer.id)
            #expect(issued.kind == .authenticator)
            let token = try await Self.token(bank, issued.userID)
            #expect(token.status == .provisioned && token.kind == .authenticator && token.provisionedAt != nil)
            let sealed = try #require(token.secretSealed)

            // Another session (or a wrong cookie) gets nothing, and takes nothing away.
            #expect(try await bank.otp.takeAuthenticatorSetup(by: .customer(id: customer.id), sessionCookie: "another") == nil)
            let setup = try #require(try await bank.otp.takeAuthenticatorSetup(by: .customer(id: customer.id), sessionCookie: Self.cookie))
            #expect(try await bank.otp.takeAuthenticatorSetup(by: .customer(id: customer.id), sessionCookie: Self.cookie) == nil,
                    "a second look at the secret is impossible")
            let secret = try #require(Base32.decode(setup.secretBase32))
            #expect(secret.count == TOTP.secretByteCount)
            #expect(!sealed.contains(setup.secretBase32), "stored sealed, not in clear")
            #expect(setup.userID == issued.userID && setup.digits == 6 && setup.period == 60)
            let issuer = Self.percentEncoded(bank.settings.bankName)
            #expect(setup.otpauthURI == "otpauth://totp/\(issuer):\(issued.userID)?secret=\(setup.secretBase32)"
                        + "&issuer=\(issuer)&algorithm=SHA1&digits=6&period=60")

            // Audit: the issuance and the set-up, each with the kind; never the secret.
            let audit = try await bank.database.read { db in try await AuditRecords.list(db, customerID: customer.id, limit: 100) }
            let issuance = try #require(audit.first { $0.event == "otp_token_issued" })
            #expect(issuance.result == .success && issuance.detail.contains("kind=authenticator"))
            let provision = try #require(audit.first { $0.event == "otp_token_provision" })
            #expect(provision.result == .success && provision.actor == "customer")
            #expect(provision.detail.contains("kind=authenticator") && provision.detail.contains("user_id=\(issued.userID)"))
            #expect(!audit.contains { $0.detail.contains(setup.secretBase32) })

            // The mail to the phone: its own text, no link, no activation password, no secret.
            let mails = try await bank.database.read { db in try await OutboxRecords.list(db, limit: 100) }
            let mail = try #require(mails.first { $0.kind == "otp_token_issued" })
            let body = try TestMail.body(mail)
            #expect(try TestMail.subject(mail).contains("認証アプリ"))
            #expect(body.contains("お手持ちの認証アプリ用") && body.contains("ワンタイムパスワード利用開始"))
            #expect(body.contains(issued.userID) && body.contains("お心当たりのない場合"))
            #expect(!body.contains("http") && !body.contains("利用開始パスワード") && !body.contains(setup.secretBase32))
            #expect(mails.contains { $0.kind == "otp_token_issued_notice" }, "the PC address hears of it as for the token app")

            // The token app's 初期設定 cannot take this token, whatever it sends.
            #expect(try await bank.tokenApp.provision(serviceID: "KYOEI-IB", userID: issued.userID, activationPassword: "0000",
                                                      client: Self.client) == .unavailable)

            // 利用開始 with the code the authenticator app shows.
            try await bank.otp.activateToken(by: .customer(id: customer.id), code: TOTP.code(secret: secret, at: clock.now()),
                                             sessionCookie: nil, client: Self.client)
            #expect(try await Self.token(bank, issued.userID).status == .active)
            #expect(try await bank.otp.factorOverview(by: .customer(id: customer.id)).state == .otpActive)
            #expect(try await bank.otp.takeAuthenticatorSetup(by: .customer(id: customer.id), sessionCookie: Self.cookie) == nil)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aSetUpNotTakenEndsWithActivationAndAReissueReplacesTheToken(engine: DatabaseEngine) async throws {
        let clock = ManualClock()
        try await TestDatabases.withBank(engine, clock: clock) { bank in
            let customer = try await SeededCustomer.create(bank).customer
            let first = try await Self.issue(bank, customer.id)
            // Issuing again (the secret was lost before it was added) replaces the pending token.
            clock.advance(by: 60)
            let second = try await Self.issue(bank, customer.id)
            #expect(try await Self.token(bank, first.userID).status == .replaced)
            let setup = try #require(try await bank.otp.takeAuthenticatorSetup(by: .customer(id: customer.id), sessionCookie: Self.cookie))
            #expect(setup.userID == second.userID)
            // Without a session to hand it to, nobody can ever see the secret.
            clock.advance(by: 60)
            let blind = try await Self.issue(bank, customer.id, cookie: nil)
            #expect(try await Self.token(bank, blind.userID).status == .provisioned)
            #expect(try await bank.otp.takeAuthenticatorSetup(by: .customer(id: customer.id), sessionCookie: Self.cookie) == nil)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func refusalsAreThoseOfTheTokenApp(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { bank in
            let customer = try await SeededCustomer.create(bank).customer
            // Bad input: the mobile address and the 確認用パスワード; the 利用開始パスワード is not asked.
            do {
                _ = try await bank.otp.issueToken(by: .customer(id: customer.id), kind: .authenticator, mobileEmail: "nope",
                                                  activationPassword: "x", confirmationPassword: "", session: [.loginPassword],
                                                  sessionCookie: Self.cookie, client: Self.client)
                Issue.record("bad input was accepted")
            } catch BankError.invalidInput(let errors) {
                #expect(Set(errors.map(\.field)) == ["mobile_email", "confirmation_password"])
            }
            await #expect(throws: BankError.self) { try await Self.issue(bank, customer.id, confirmation: "Wrong1234") }
            // One extra factor at most: with the mail password on, no token of either kind.
            try await bank.database.transaction { db in
                try await MailPasswordSettingRecords.enable(db, customerID: customer.id, address: "tanaka01@example.jp", at: bank.clock.now())
            }
            await #expect(throws: BankError.factor(.mailPasswordOn)) { try await Self.issue(bank, customer.id) }
            #expect(try await bank.database.read { db in try await OTPTokenRecords.live(db, customerID: customer.id) } == nil)
            #expect(try await bank.database.read { db in try await OutboxRecords.list(db, limit: 100) }
                        .filter { $0.kind == "otp_token_issued" }.isEmpty)
        }
    }
}
