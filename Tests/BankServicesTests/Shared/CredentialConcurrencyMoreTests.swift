import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// The credentials CredentialConcurrencyTests leaves out: the メール通知パスワード, wrong
/// 利用開始パスワード, and right and wrong codes racing.
@Suite struct CredentialConcurrencyMoreTests {
    typealias Flow = MailPasswordTransferTests
    static let client = CredentialConcurrencyTests.client

    /// Eight 実行 of one 確認画面 with both passwords right: one transfer, nothing counted.
    @Test(arguments: TestDatabases.engines)
    func parallelRightMailPasswordsPayOnce(engine: DatabaseEngine) async throws {
        try await Flow.withMailPassword(engine) { world, payeeID in
            let choice = DestinationChoice.customerPayee(id: payeeID)
            _ = try await Flow.select(world, choice)
            let confirmation = try await Flow.prepare(world, choice)
            let password = try await world.mailedPassword(world.payer)
            let outcomes = try await concurrently(8) { _ in
                try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: password)
            }
            #expect(Set(outcomes.map(\.transfer.receptionNumber)).count == 1)
            #expect(outcomes.filter { !$0.replayed }.count == 1)
            for credential in [Credential.mailPassword, .confirmationPassword] {
                let state = try await world.credential(world.payer, credential)
                #expect(state.failures == 0 && !state.isLocked, "\(credential)")
            }
            #expect(try await world.audit(world.payer, event: "mail_password").isEmpty)
            #expect(try await world.outbox(kind: "credential_locked").isEmpty)
        }
    }

    /// Twenty wrong メール通知パスワード at once: exactly the limit is counted, then it is locked
    /// (one lock notice), and the 確認用パスワード — right every time — is not what locked.
    @Test(arguments: TestDatabases.engines)
    func parallelWrongMailPasswordsCountExactlyTheLimit(engine: DatabaseEngine) async throws {
        try await Flow.withMailPassword(engine) { world, payeeID in
            let choice = DestinationChoice.customerPayee(id: payeeID)
            _ = try await Flow.select(world, choice)
            let confirmation = try await Flow.prepare(world, choice)
            let answers = try await concurrently(20) { _ -> String in
                do {
                    _ = try await world.execute(world.payer, confirmation, cookie: "c", mailPassword: "AAAAAAAAAA")
                    return "paid"
                } catch let error as BankError {
                    return error.messageKey
                }
            }
            #expect(!answers.contains("paid"))
            let counted = try await world.audit(world.payer, event: "mail_password").filter { $0.result == .failure }
            #expect(counted.count == 5)
            let state = try await world.credential(world.payer, .mailPassword)
            #expect(state.failures == 5 && state.isLocked)
            #expect(try await world.outbox(kind: "credential_locked").count == 1)
            #expect(try await world.credential(world.payer, .confirmationPassword).failures == 0)
        }
    }

    /// Twenty wrong 利用開始パスワード at once: five counted, the token voided once (one mail).
    @Test(arguments: TestDatabases.engines)
    func parallelWrongActivationPasswordsVoidTheTokenOnce(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let bank = world.bank
            let issued = try await CredentialConcurrencyTests.issueToken(world)
            let outcomes = try await concurrently(20) { n in
                try await bank.tokenApp.provision(serviceID: bank.settings.otp.serviceID, userID: issued.userID,
                                              activationPassword: String(format: "%04d", 1000 + n), client: Self.client)
            }
            #expect(outcomes.filter { $0 == .invalidCredentials }.count == 4)
            #expect(outcomes.filter { $0 == .voided }.count == 1)
            #expect(outcomes.filter { $0 == .unavailable }.count == 15)
            #expect(try await world.outbox(kind: "otp_token_void").count == 1)
            #expect(try await world.audit(world.payer, event: "credential_locked").map(\.detail) == ["activation_password"])
        }
    }

    /// Right and wrong codes racing: one right code wins, the others that typed it are told it
    /// was used, and only the wrong ones are counted.
    @Test(arguments: TestDatabases.engines)
    func rightAndWrongCodesRacing(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let (secret, cookies) = try await CredentialConcurrencyTests.otpCustomer(world, waiting: 10)
            let right = TOTP.code(secret: secret, at: world.clock.now(), parameters: world.bank.settings.otp.parameters)
            let wrong = right == "000000" ? "111111" : "000000"
            let outcomes = try await concurrently(10) { n in
                (n, try await world.bank.login.checkOTP(cookieValue: cookies[n], code: n < 3 ? wrong : right,
                                                        client: Self.client))
            }
            #expect(outcomes.filter { $0.0 < 3 }.allSatisfy { $0.1 == .wrongCode })
            let rights = outcomes.filter { $0.0 >= 3 }.map(\.1)
            #expect(rights.filter { if case .success = $0 { true } else { false } }.count == 1)
            #expect(rights.filter { $0 == .alreadyUsed }.count == 6)
            let state = try await CredentialConcurrencyTests.state(world.bank, world.payer.id, .otp)
            #expect(!state.isLocked && state.failures <= 3)
        }
    }

    /// A check that outlived its place (its hash queued behind a flood) no longer counts as one
    /// of the limit's: its answer is withheld, right or wrong, and nothing is counted — else a
    /// flood that delays hashes past the places' lifetime would let more than `limit` through.
    @Test(arguments: TestDatabases.engines)
    func aCheckThatOutlivedItsPlaceGivesNoAnswer(engine: DatabaseEngine) async throws {
        var settings = BankSettings(lockout: LockoutPolicy(limit: 5, checkLifetime: 0.2, waitLimit: 5))
        settings.secretKeys = TestDatabases.secretKeys
        try await TestDatabases.withBank(engine, settings: settings, hasher: SlowHasher(delay: .milliseconds(400))) { bank in
            let seeded = try await SeededCustomer.create(bank)
            #expect(try await bank.login.checkPassword(loginID: "tanaka01", password: SeededCustomer.loginPassword, client: Self.client)
                    == .tryAgainLater)
            #expect(try await bank.login.checkPassword(loginID: "tanaka01", password: "Wrong1pass", client: Self.client) == .tryAgainLater)
            let state = try await CredentialConcurrencyTests.state(bank, seeded.customer.id, .loginPassword)
            #expect(state.failures == 0 && !state.isLocked)
            let audit = try await CredentialConcurrencyTests.audit(bank, seeded.customer.id)
            #expect(audit.filter { $0.event == "login" }.isEmpty)
            #expect(try await CredentialConcurrencyTests.inFlight(bank, .customer(seeded.customer.id, .loginPassword)) == 0)
        }
    }
}

/// The tests' Argon2id, each check delayed as if it had queued behind many others.
struct SlowHasher: PasswordHashing {
    let delay: Duration
    func hash(_ password: String) async throws -> String { try await TestDatabases.cheapHasher.hash(password) }
    func needsRehash(_ encoded: String) -> Bool { TestDatabases.cheapHasher.needsRehash(encoded) }
    func verify(_ password: String, against encoded: String) async throws -> Bool {
        try await Task.sleep(for: delay)
        return try await TestDatabases.cheapHasher.verify(password, against: encoded)
    }
}
