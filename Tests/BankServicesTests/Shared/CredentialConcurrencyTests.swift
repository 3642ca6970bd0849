import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Synchronization
import Testing

/// The real Argon2id of the tests, counting how many times each stored hash was checked:
/// "at most `limit` wrong passwords are checked" is then a number, not a guess from audit rows.
final class CountingHasher: PasswordHashing {
    private let inner = TestDatabases.cheapHasher
    private let checks = Mutex<[String: Int]>([:])

    func hash(_ password: String) async throws -> String { try await inner.hash(password) }
    func needsRehash(_ encoded: String) -> Bool { inner.needsRehash(encoded) }
    func verify(_ password: String, against encoded: String) async throws -> Bool {
        checks.withLock { $0[encoded, default: 0] += 1 }
        return try await inner.verify(password, against: encoded)
    }
    func checks(of encoded: String) -> Int { checks.withLock { $0[encoded] ?? 0 } }
}

/// Runs `count` calls of `body` at once and returns their results.
func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
    try await withThrowingTaskGroup(of: T.self) { group in
        for n in 0..<count { group.addTask { try await body(n) } }
        return try await group.reduce(into: [T]()) { $0.append($1) }
    }
}

/// A right password or code is never refused, counted or audited as wrong because other
/// requests were in flight (issue 13 §1), while parallel guessing still gets at most the limit.
@Suite struct CredentialConcurrencyTests {
    static let client = ClientInfo(ip: "192.0.2.13", userAgent: "ConcurrencyTest")

    static func state(_ bank: Bank, _ customerID: Int64, _ credential: Credential) async throws -> CredentialStateView {
        try #require(try await bank.counter.credentialStates(customerID: customerID).first { $0.credential == credential })
    }

    static func audit(_ bank: Bank, _ customerID: Int64) async throws -> [AuditEvent] {
        try await bank.database.read { db in try await AuditRecords.list(db, customerID: customerID, limit: 10_000) }
    }

    static func mails(_ bank: Bank, kind: String) async throws -> [OutboxMail] {
        try await bank.database.read { db in try await OutboxRecords.list(db, limit: 10_000) }.filter { $0.kind == kind }
    }

    static func inFlight(_ bank: Bank, _ counter: AttemptCounter) async throws -> Int {
        let now = bank.clock.now()
        return try await bank.database.read { db in try await AttemptReservations.inFlight(db, counter, at: now) }
    }

    // MARK: login password

    @Test(arguments: TestDatabases.engines)
    func parallelRightLoginsAllSucceed(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { bank in
            let seeded = try await SeededCustomer.create(bank)
            let outcomes = try await concurrently(12) { _ in
                try await bank.login.checkPassword(loginID: "tanaka01", password: SeededCustomer.loginPassword, client: Self.client)
            }
            let refused = outcomes.filter { if case .success = $0 { false } else { true } }
            #expect(refused.isEmpty, "right passwords refused: \(refused)")
            let audit = try await Self.audit(bank, seeded.customer.id)
            #expect(audit.filter { $0.event == "login" && $0.result != .success }.isEmpty)
            #expect(audit.filter { $0.event == "credential_locked" }.isEmpty)
            let state = try await Self.state(bank, seeded.customer.id, .loginPassword)
            #expect(state.failures == 0 && !state.isLocked)
            #expect(try await Self.inFlight(bank, .customer(seeded.customer.id, .loginPassword)) == 0)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func parallelWrongLoginsCheckAtMostTheLimit(engine: DatabaseEngine) async throws {
        let hasher = CountingHasher()
        try await TestDatabases.withBank(engine, hasher: hasher) { bank in
            let seeded = try await SeededCustomer.create(bank)
            let outcomes = try await concurrently(20) { n in
                try await bank.login.checkPassword(loginID: "tanaka01", password: "Wrong\(n)pass", client: Self.client)
            }
            #expect(hasher.checks(of: seeded.customer.loginPasswordHash) == 5)
            #expect(outcomes.filter { $0 == .invalidCredentials }.count == 4)
            #expect(outcomes.filter { $0 == .locked }.count == 16)
            let state = try await Self.state(bank, seeded.customer.id, .loginPassword)
            #expect(state.failures == 5 && state.isLocked)
            // The lock is the customer's news: one mail to the PC address.
            let mails = try await Self.mails(bank, kind: "credential_locked")
            #expect(mails.count == 1 && mails.first?.recipients == [seeded.customer.pcEmail])
            #expect(try await bank.login.checkPassword(loginID: "tanaka01", password: SeededCustomer.loginPassword, client: Self.client) == .locked)
        }
    }

    /// Right and wrong together: the rights all pass, and only the wrongs are counted.
    @Test(arguments: TestDatabases.engines)
    func rightAndWrongRacingCountOnlyTheWrong(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { bank in
            let seeded = try await SeededCustomer.create(bank)
            let outcomes = try await concurrently(12) { n in
                (n, try await bank.login.checkPassword(loginID: "tanaka01", password: n < 4 ? "Wrong\(n)pass" : SeededCustomer.loginPassword,
                                         client: Self.client))
            }
            for (n, outcome) in outcomes {
                if n < 4 {
                    #expect(outcome == .invalidCredentials)
                } else if case .success = outcome {
                } else {
                    Issue.record("right password \(n) answered \(outcome)")
                }
            }
            let audit = try await Self.audit(bank, seeded.customer.id)
            #expect(audit.filter { $0.event == "login" && $0.result == .failure }.count == 4)
            #expect(audit.filter { $0.event == "login" && $0.result == .refused }.isEmpty)
            let state = try await Self.state(bank, seeded.customer.id, .loginPassword)
            #expect(!state.isLocked && state.failures <= 4)
        }
    }

    /// A check whose process died (its place claimed, never settled) is not a failure: while
    /// its place lasts a right password waits (here: is told to try again), never "locked";
    /// once it expires the right password logs in. Nothing was counted.
    @Test(arguments: TestDatabases.engines)
    func aDeadChecksPlaceExpiresWithoutAFailure(engine: DatabaseEngine) async throws {
        let clock = ManualClock()
        var settings = BankSettings(lockout: LockoutPolicy(limit: 5, checkLifetime: 10, waitLimit: 0.3))
        settings.secretKeys = TestDatabases.secretKeys
        try await TestDatabases.withBank(engine, clock: clock, settings: settings) { bank in
            let seeded = try await SeededCustomer.create(bank)
            let counter = AttemptCounter.customer(seeded.customer.id, .loginPassword)
            for _ in 0..<5 {
                let claim = try await bank.database.transaction { db in
                    try await AttemptReservations.claim(db, counter, policy: settings.lockout, lifetime: 10, at: clock.now())
                }
                guard case .claimed = claim else { Issue.record("place not claimed: \(claim)"); return }
            }
            #expect(try await bank.login.checkPassword(loginID: "tanaka01", password: SeededCustomer.loginPassword, client: Self.client)
                    == .tryAgainLater)
            clock.advance(by: 11)
            guard case .success = try await bank.login.checkPassword(loginID: "tanaka01", password: SeededCustomer.loginPassword,
                                                        client: Self.client) else {
                Issue.record("right password refused after the dead checks expired")
                return
            }
            let state = try await Self.state(bank, seeded.customer.id, .loginPassword)
            #expect(state.failures == 0 && !state.isLocked)
            let audit = try await Self.audit(bank, seeded.customer.id)
            #expect(audit.filter { $0.event == "login" && $0.result != .success }.isEmpty)
            #expect(try await Self.inFlight(bank, counter) == 0)
        }
    }

    // MARK: 確認用パスワード

    /// Eight 実行 of one 確認画面 with the right 確認用パスワード (a double-clicking customer, a
    /// retrying client): one transfer, every answer that transfer, nothing counted or audited
    /// as wrong.
    @Test(arguments: TestDatabases.engines)
    func parallelRightConfirmationPasswordsPayOnce(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let cookie = TransferWorld.cookie()
            let confirmation = try await world.bank.transfers.prepare(
                by: .customer(id: world.payer.id), sessionCookie: cookie, sourceAccountID: world.payer.ordinary.id,
                choice: world.payer.typed(world.payee.ordinary), amount: "1000")
            let outcomes = try await concurrently(8) { _ in
                try await world.bank.transfers.execute(
                    by: .customer(id: world.payer.id), sessionCookie: cookie, nonce: confirmation.nonce,
                    confirmationPassword: SeededCustomer.confirmationPassword, mailPassword: "",
                    session: TransferWorld.session, client: TransferWorld.client)
            }
            #expect(Set(outcomes.map(\.transfer.receptionNumber)).count == 1)
            #expect(outcomes.filter { !$0.replayed }.count == 1)
            let audit = try await Self.audit(world.bank, world.payer.id)
            #expect(audit.filter { $0.event == "confirmation_password" }.isEmpty)
            #expect(audit.filter { $0.event == "credential_locked" }.isEmpty)
            let state = try await Self.state(world.bank, world.payer.id, .confirmationPassword)
            #expect(state.failures == 0 && !state.isLocked)
            #expect(try await Self.inFlight(world.bank, .customer(world.payer.id, .confirmationPassword)) == 0)
        }
    }

    /// 実行 checks its 確認用パスワード before its one transaction, holding no place (issue 20):
    /// all 20 guesses are hashed, but each wrong one is counted under the counter's lock before
    /// it is answered, so exactly `limit` are ever answered as guesses and every later one,
    /// whatever it was, as locked.
    @Test(arguments: TestDatabases.engines)
    func parallelWrongConfirmationPasswordsAtTransferAreAnsweredAtMostTheLimit(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { bank in
            let seeded = try await SeededCustomer.create(bank)
            let cookie = TransferWorld.cookie()
            let confirmation = try await bank.transfers.prepare(
                by: .customer(id: seeded.customer.id), sessionCookie: cookie, sourceAccountID: seeded.ordinary.id,
                choice: .own(accountID: seeded.savings.id), amount: "1000")
            let results = try await concurrently(20) { n -> String in
                do {
                    _ = try await bank.transfers.execute(by: .customer(id: seeded.customer.id), sessionCookie: cookie,
                                                       nonce: confirmation.nonce, confirmationPassword: "Wrong\(n)x",
                                                       mailPassword: "", session: [.loginPassword], client: Self.client)
                    return "paid"
                } catch let error as BankError {
                    return error.messageKey
                }
            }
            #expect(results.filter { $0 == "error.confirmation_password.wrong" }.count == 4)
            #expect(results.filter { $0 == "error.locked.confirmation_password" }.count == 16)
            let state = try await Self.state(bank, seeded.customer.id, .confirmationPassword)
            #expect(state.failures == 5 && state.isLocked)
            let rows = try await Self.audit(bank, seeded.customer.id).filter { $0.event == "confirmation_password" }
            #expect(rows.filter { $0.result == .failure }.count == 5, "five guesses counted")
            #expect(rows.filter { $0.result == .refused }.count == 15, "the rest refused as locked")
            #expect(try await Self.mails(bank, kind: "credential_locked").count == 1)
        }
    }

    /// Elsewhere (a payee's registration) the 確認用パスワード holds a place while it is hashed:
    /// however many arrive at once, at most `limit` wrong ones are ever compared.
    @Test(arguments: TestDatabases.engines)
    func parallelWrongConfirmationPasswordsForAPayeeCheckAtMostTheLimit(engine: DatabaseEngine) async throws {
        let hasher = CountingHasher()
        try await TestDatabases.withBank(engine, hasher: hasher) { bank in
            _ = try await bank.directory.importCSV(BankDirectoryCSV.demo, by: .operator(name: "test"))
            let seeded = try await SeededCustomer.create(bank)
            let results = try await concurrently(20) { n -> String in
                do {
                    _ = try await bank.payees.add(
                        by: .customer(id: seeded.customer.id),
                        PayeeForm(bankCode: "0998", branchCode: "201", accountType: "ordinary", accountNumber: "1234567",
                                  holderName: "ﾔﾏﾀﾞ ﾀﾛｳ"),
                        confirmationPassword: "Wrong\(n)x", session: [.loginPassword], client: Self.client)
                    return "added"
                } catch let error as BankError {
                    return error.messageKey
                }
            }
            #expect(hasher.checks(of: seeded.customer.confirmationPasswordHash) <= 5)
            #expect(results.filter { $0 == "error.confirmation_password.wrong" }.count == 4)
            #expect(results.filter { $0 == "error.locked.confirmation_password" }.count == 16)
            #expect(try await Self.state(bank, seeded.customer.id, .confirmationPassword).isLocked)
        }
    }

    // MARK: one-time password

    /// A customer with the OTP on, and `count` logins waiting for their code.
    /// トークン発行 for the payer, 利用開始パスワード 2468.
    static func issueToken(_ world: TransferWorld) async throws -> IssuedToken {
        try await world.bank.otp.issueToken(by: .customer(id: world.payer.id), mobileEmail: "tanaka01.mobile@example.jp",
                                        activationPassword: "2468", confirmationPassword: SeededCustomer.confirmationPassword,
                                        session: [.loginPassword], client: client)
    }

    /// トークン発行 and the app's set-up: the secret and its parameters.
    static func provisionedToken(_ world: TransferWorld) async throws -> (secret: [UInt8], parameters: TOTPParameters) {
        let issued = try await issueToken(world)
        guard case .provisioned(let secret, let parameters) = try await world.bank.tokenApp.provision(
            serviceID: world.bank.settings.otp.serviceID, userID: issued.userID, activationPassword: "2468", client: client) else {
            throw TransferTestError("token not provisioned")
        }
        return (secret, parameters)
    }

    static func otpCustomer(_ world: TransferWorld, waiting count: Int) async throws -> (secret: [UInt8], cookies: [String]) {
        let bank = world.bank
        let (secret, parameters) = try await provisionedToken(world)
        try await bank.otp.activateToken(by: .customer(id: world.payer.id), code: TOTP.code(secret: secret, at: world.clock.now(),
                                                                                  parameters: parameters),
                                     sessionCookie: nil, client: client)
        world.clock.advance(by: Double(parameters.step))
        var cookies: [String] = []
        for _ in 0..<count {
            guard case .success(let ticket) = try await bank.login.checkPassword(loginID: "tanaka01", password: SeededCustomer.loginPassword,
                                                                   client: client) else { throw TransferTestError("no login") }
            cookies.append(ticket.cookieValue)
        }
        return (secret, cookies)
    }

    /// One valid code posted by eight sessions at once: exactly one wins, the others are told
    /// it was used already; nothing is counted, nothing locked, no lock mail.
    @Test(arguments: TestDatabases.engines)
    func oneCodeFromManySessionsIsAcceptedOnce(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let (secret, cookies) = try await Self.otpCustomer(world, waiting: 8)
            let code = TOTP.code(secret: secret, at: world.clock.now(), parameters: world.bank.settings.otp.parameters)
            let outcomes = try await concurrently(8) { n in
                try await world.bank.login.checkOTP(cookieValue: cookies[n], code: code, client: Self.client)
            }
            #expect(outcomes.filter { if case .success = $0 { true } else { false } }.count == 1)
            #expect(outcomes.filter { $0 == .alreadyUsed }.count == 7)
            let state = try await Self.state(world.bank, world.payer.id, .otp)
            #expect(state.failures == 0 && !state.isLocked)
            #expect(try await Self.mails(world.bank, kind: "otp_locked").isEmpty)
            let audit = try await Self.audit(world.bank, world.payer.id)
            #expect(audit.filter { $0.event == "login_otp" && $0.result == .failure }.isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func parallelWrongCodesStopAtTheLimit(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let (secret, cookies) = try await Self.otpCustomer(world, waiting: 12)
            let right = TOTP.code(secret: secret, at: world.clock.now(), parameters: world.bank.settings.otp.parameters)
            let wrong = right == "000000" ? "111111" : "000000"
            let outcomes = try await concurrently(12) { n in
                try await world.bank.login.checkOTP(cookieValue: cookies[n], code: wrong, client: Self.client)
            }
            #expect(outcomes.filter { $0 == .wrongCode }.count == 4)
            #expect(outcomes.filter { $0 == .locked }.count == 8)
            let audit = try await Self.audit(world.bank, world.payer.id)
            #expect(audit.filter { $0.event == "login_otp" && $0.result == .failure }.count == 5)
            #expect(try await Self.mails(world.bank, kind: "otp_locked").count == 1)
        }
    }

    /// The 利用開始 code typed again at login in the same minute is "used", not "wrong".
    @Test(arguments: TestDatabases.engines)
    func theActivationCodeAgainAtLoginIsAlreadyUsed(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let bank = world.bank
            let (secret, parameters) = try await Self.provisionedToken(world)
            let code = TOTP.code(secret: secret, at: world.clock.now(), parameters: parameters)
            try await bank.otp.activateToken(by: .customer(id: world.payer.id), code: code, sessionCookie: nil, client: Self.client)
            guard case .success(let ticket) = try await bank.login.checkPassword(loginID: "tanaka01", password: SeededCustomer.loginPassword,
                                                                   client: Self.client) else { throw TransferTestError("no login") }
            #expect(try await bank.login.checkOTP(cookieValue: ticket.cookieValue, code: code, client: Self.client) == .alreadyUsed)
            #expect(try await Self.state(bank, world.payer.id, .otp).failures == 0)
        }
    }

    // MARK: 利用開始パスワード

    @Test(arguments: TestDatabases.engines)
    func parallelRightActivationPasswordsProvisionOnce(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let bank = world.bank
            let issued = try await Self.issueToken(world)
            let outcomes = try await concurrently(8) { _ in
                try await bank.tokenApp.provision(serviceID: bank.settings.otp.serviceID, userID: issued.userID,
                                              activationPassword: "2468", client: Self.client)
            }
            #expect(outcomes.filter { if case .provisioned = $0 { true } else { false } }.count == 1)
            #expect(outcomes.filter { $0 == .unavailable }.count == 7)
            let state = try await Self.state(bank, world.payer.id, .activationPassword)
            #expect(state.failures == 0 && !state.isLocked)
        }
    }

    // MARK: staff

    @Test(arguments: TestDatabases.engines)
    func staffRightPasswordsAndOneCodeInParallel(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let enrollment = try await world.enroll()
            world.clock.advance(by: 60)
            let cookies = try await concurrently(8) { _ in try await world.passwordStep(enrollment) }
            #expect(Set(cookies).count == 8)
            let code = try world.code(enrollment)
            let answers = try await concurrently(8) { n -> String in
                do {
                    _ = try await world.bank.staffLogin.verifyCode(cookie: cookies[n], code: code, client: StaffWorld.client)
                    return "in"
                } catch BankError.staff(let refusal) {
                    return refusal.messageKey
                }
            }
            #expect(answers.filter { $0 == "in" }.count == 1)
            #expect(answers.filter { $0 == StaffRefusal.codeAlreadyUsed.messageKey }.count == 7)
            let staff = try await world.staff(enrollment.staff.staffID)
            #expect(staff.failures == 0 && staff.lockedAt == nil)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func staffWrongPasswordsCheckAtMostTheLimit(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let enrollment = try await world.enroll()
            let answers = try await concurrently(20) { n -> String in
                do {
                    _ = try await world.bank.staffLogin.logIn(staffID: enrollment.staff.staffID, password: "Wrong\(n)password",
                                                        client: StaffWorld.client)
                    return "in"
                } catch BankError.staff(let refusal) {
                    return refusal.messageKey
                }
            }
            #expect(answers.filter { $0 == StaffRefusal.loginFailed.messageKey }.count == 4, "\(answers)")
            #expect(answers.filter { $0 == StaffRefusal.locked.messageKey }.count == 16, "\(answers)")
            let wrong = try await world.audit(event: "staff_login").filter { $0.result == .failure }
            #expect(wrong.count == 5)
        }
    }
}
