import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

@Suite struct BackOfficeCompensationTests {
    static let client = TransferWorld.client

    /// The customer's password login with nothing else: the notice's "may be reduced".
    func logIn(_ world: TransferWorld, _ party: Party) async throws {
        guard case .success = try await world.bank.login.checkPassword(loginID: party.customer.loginID, password: SeededCustomer.loginPassword,
                                                          client: Self.client) else { throw TransferTestError("login failed") }
    }

    /// トークン発行, the app's set-up and 利用開始, at the service level; returns the secret.
    func activateOTP(_ world: TransferWorld, _ party: Party) async throws -> [UInt8] {
        let bank = world.bank
        let issued = try await bank.otp.issueToken(by: .customer(id: party.id), mobileEmail: "tanaka01.mobile@example.jp", activationPassword: "2468",
                                               confirmationPassword: SeededCustomer.confirmationPassword, session: [.loginPassword],
                                               client: Self.client)
        guard case .provisioned(let secret, let parameters) = try await bank.tokenApp.provision(
            serviceID: bank.settings.otp.serviceID, userID: issued.userID, activationPassword: "2468", client: Self.client) else {
            throw TransferTestError("token not provisioned")
        }
        try await bank.otp.activateToken(by: .customer(id: party.id), code: TOTP.code(secret: secret, at: world.clock.now(), parameters: parameters),
                                     sessionCookie: nil, client: Self.client)
        return secret
    }

    func staff(_ world: TransferWorld) async throws -> StaffIdentity {
        let staffWorld = StaffWorld(world: world.world)
        return try await staffWorld.logIn(try await staffWorld.enroll("chief001", role: .supervisor)).staff
    }

    /// No extra factor: every login and transfer, and the customer today, "may be reduced";
    /// a refused 実行 is in the report too, with its IP and user agent.
    @Test(arguments: TestDatabases.engines)
    func customerWithoutExtraFactor(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let start = world.clock.now()
            try await logIn(world, world.payer)
            world.clock.advance(by: 1)
            let sent = try await world.transfer(world.payer, from: world.payer.ordinary, to: world.payer.typed(world.payee.ordinary),
                                                amount: "5000")
            world.clock.advance(by: 1)
            let cookie = TransferWorld.cookie()
            let second = try await world.bank.transfers.prepare(by: .customer(id: world.payer.id), sessionCookie: cookie,
                                                              sourceAccountID: world.payer.ordinary.id,
                                                              choice: .own(accountID: world.payer.savings.id), amount: "100")
            await #expect(throws: BankError.wrongConfirmationPassword) {
                try await world.execute(world.payer, second, cookie: cookie, confirmationPassword: "Wrong2026x")
            }
            let staff = try await staff(world)
            let report = try await world.bank.compensation.report(customerID: world.payer.id, from: start,
                                                                 to: world.clock.now().addingTimeInterval(1), by: .staff(staff))
            #expect(report.customer.loginID == "tanaka01" && report.transfer == nil && report.generatedBy == "chief001")
            #expect(report.entries.map(\.kind) == [.login, .transfer, .transfer])
            #expect(report.entries.map(\.event) == ["login", "transfer", "confirmation_password"])
            #expect(report.entries.allSatisfy { $0.assessment.rule == .mayBeReduced && $0.assessment.extraFactorsInForce.isEmpty })
            #expect(report.entries.allSatisfy { $0.ip == Self.client.ip && $0.userAgent == Self.client.userAgent })
            #expect(report.entries[0].factors == FactorRecord(inForce: [.loginPassword], presented: [.loginPassword]))
            #expect(report.entries[1].transfer?.receptionNumber == sent.transfer.receptionNumber && report.entries[1].result == .success)
            #expect(report.entries[1].factors == FactorRecord(inForce: [.loginPassword, .confirmationPassword],
                                                              presented: [.loginPassword, .confirmationPassword]))
            #expect(report.entries[2].result == .failure && report.entries[2].transfer == nil)
            #expect(report.factorsNow.state == .none && report.assessmentNow.rule == .mayBeReduced)
            #expect(report.noticeSentence.contains("減額される場合があります"))
            let view = try #require(try await world.bank.database.read { db in
                try await AuditRecords.list(db, event: "staff_view", limit: 1)
            }.first)
            #expect(view.customerID == world.payer.id && view.actor == "staff:chief001")
            #expect(view.detail.hasPrefix("compensation_report from=2026-11-25T10:00:00+09:00 to=") && view.detail.hasSuffix(" entries=3"))
        }
    }

    /// With the one-time password in use, logins and transfers are "full compensation in
    /// principle", and the report says the code was presented.
    @Test(arguments: TestDatabases.engines)
    func customerWithOTPActive(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let secret = try await activateOTP(world, world.payer)
            world.clock.advance(by: 60)
            let start = world.clock.now()
            guard case .success(let waiting) = try await world.bank.login.checkPassword(loginID: "tanaka01", password: SeededCustomer.loginPassword,
                                                                           client: Self.client) else {
                Issue.record("password step failed"); return
            }
            let code = TOTP.code(secret: secret, at: world.clock.now(), parameters: world.bank.settings.otp.parameters)
            guard case .success(let ticket) = try await world.bank.login.checkOTP(cookieValue: waiting.cookieValue, code: code,
                                                                                  client: Self.client) else {
                Issue.record("code refused"); return
            }
            let confirmation = try await world.bank.transfers.prepare(by: .customer(id: world.payer.id), sessionCookie: ticket.cookieValue,
                                                                    sourceAccountID: world.payer.ordinary.id,
                                                                    choice: world.payer.typed(world.payee.ordinary), amount: "3000")
            _ = try await world.bank.transfers.execute(by: .customer(id: world.payer.id), sessionCookie: ticket.cookieValue,
                                                     nonce: confirmation.nonce, confirmationPassword: SeededCustomer.confirmationPassword,
                                                     mailPassword: "", session: [.loginPassword, .otp], client: Self.client)
            let report = try await world.bank.compensation.report(customerID: world.payer.id, from: start,
                                                                 to: world.clock.now().addingTimeInterval(1), by: .staff(try await staff(world)))
            #expect(report.entries.map(\.event) == ["login_password", "login", "transfer"])
            #expect(report.entries.allSatisfy { $0.assessment.rule == .fullCompensation && $0.assessment.extraFactorsInForce == [.otp] })
            #expect(report.entries.map(\.assessment.extraFactorsPresented) == [[], [.otp], [.otp]])
            #expect(report.entries[2].factors.inForce == [.loginPassword, .otp, .confirmationPassword])
            #expect(report.factorsNow.state == .otpActive && report.factorsNow.token?.activatedAt != nil)
            #expect(report.assessmentNow == CompensationAssessment(rule: .fullCompensation, extraFactorsInForce: [.otp],
                                                                   extraFactorsPresented: []))
        }
    }

    /// With the メール通知パスワード on, even a 振替 that never asks for it is "full compensation
    /// in principle": the customer uses the function.
    @Test(arguments: TestDatabases.engines)
    func customerWithMailPasswordOn(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            _ = try await world.bank.mailPassword.changeSetting(by: .customer(id: world.payer.id), use: true, address: "tanaka01@example.jp",
                                                               confirmationPassword: SeededCustomer.confirmationPassword,
                                                               session: [.loginPassword], client: Self.client)
            world.clock.advance(by: 1)
            let start = world.clock.now()
            try await logIn(world, world.payer)
            try await world.transfer(world.payer, from: world.payer.ordinary, to: .own(accountID: world.payer.savings.id), amount: "700")
            let report = try await world.bank.compensation.report(customerID: world.payer.id, from: start,
                                                                 to: world.clock.now().addingTimeInterval(1), by: .staff(try await staff(world)))
            #expect(report.entries.map(\.event) == ["login", "transfer"])
            #expect(report.entries.allSatisfy { $0.assessment.rule == .fullCompensation })
            #expect(report.entries.allSatisfy { $0.assessment.extraFactorsInForce == [.mailPassword] && $0.assessment.extraFactorsPresented.isEmpty })
            #expect(report.factorsNow.state == .mailPassword && report.factorsNow.mailPassword?.address == "tanaka01@example.jp")
            #expect(report.assessmentNow.rule == .fullCompensation)
        }
    }

    /// For one transfer: the transfer and what happened in the session time before it (the
    /// login that led to it), nothing older and nothing after.
    @Test(arguments: TestDatabases.engines)
    func reportForOneTransfer(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            try await logIn(world, world.payer)
            world.clock.advance(by: 2 * 3600)
            try await logIn(world, world.payer)
            world.clock.advance(by: 120)
            let sent = try await world.transfer(world.payer, from: world.payer.ordinary, to: world.payer.typed(world.payee.ordinary),
                                                amount: "8000")
            world.clock.advance(by: 60)
            try await logIn(world, world.payer)
            let staff = try await staff(world)
            let report = try await world.bank.compensation.report(transferID: sent.transfer.id, by: .staff(staff))
            #expect(report.transfer?.id == sent.transfer.id)
            #expect(report.entries.map(\.event) == ["login", "transfer"])
            #expect(report.entries[0].at == sent.transfer.createdAt.addingTimeInterval(-120))
            #expect(report.entries[1].transfer?.id == sent.transfer.id)
            #expect(report.entries.allSatisfy { $0.assessment.rule == .mayBeReduced })
            let view = try #require(try await world.bank.database.read { db in
                try await AuditRecords.list(db, event: "staff_view", limit: 1)
            }.first)
            #expect(view.detail == "compensation_report transfer=\(sent.transfer.receptionNumber) entries=2")
            await #expect(throws: BankError.transferNotFound) { _ = try await world.bank.compensation.report(transferID: 999_999, by: .staff(staff)) }
        }
    }

    @Test func periodIsChecked() async throws {
        try await TransferWorld.with(.sqlite) { world in
            let staff = try await staff(world)
            let now = world.clock.now()
            await #expect(throws: BankError.invalidInput([FieldError(field: "from", messageKey: "error.date.order")])) {
                _ = try await world.bank.compensation.report(customerID: world.payer.id, from: now, to: now, by: .staff(staff))
            }
            await #expect(throws: BankError.invalidInput([FieldError(field: "from", messageKey: "error.date.range_too_long")])) {
                _ = try await world.bank.compensation.report(customerID: world.payer.id, from: now.addingTimeInterval(-367 * 86_400),
                                                            to: now, by: .staff(staff))
            }
            await #expect(throws: BankError.customerNotFound) {
                _ = try await world.bank.compensation.report(customerID: 999_999, from: now.addingTimeInterval(-60), to: now, by: .staff(staff))
            }
        }
    }
}
