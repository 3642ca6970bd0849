import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

@Suite struct StaffLoginServiceTests {
    static let client = StaffWorld.client

    /// Create, then password, then code: the waiting session opens nothing but the code step,
    /// and the code replaces it by a new one (a new cookie value). Every step is audited.
    @Test(arguments: TestDatabases.engines)
    func createLogInWithPasswordAndCode(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let enrollment = try await world.enroll("yamada01", role: .supervisor)
            #expect(enrollment.staff.staffID == "yamada01")
            #expect(enrollment.staff.role == .supervisor)
            #expect(enrollment.staff.name == "山田 一郎")
            #expect(Base32.decode(enrollment.secretBase32)?.count == 20)
            #expect(enrollment.otpauthURI.hasPrefix("otpauth://totp/%E5%8D%94%E6%A0%84%E4%BF%A1%E7%94%A8%E7%B5%84%E5%90%88:yamada01?secret=\(enrollment.secretBase32)&issuer="))
            #expect(enrollment.otpauthURI.hasSuffix("&algorithm=SHA1&digits=6&period=30"))
            // The secret is kept sealed, never in clear.
            #expect(!(try await world.bank.storedStaff("yamada01")).totpSecretSealed.contains(enrollment.secretBase32))
            #expect(try await world.bank.storedStaff("yamada01").passwordHash.hasPrefix("$argon2id$"))
            let created = try await world.audit(event: "staff_created")
            #expect(created.count == 1 && created[0].actor == "staff:test" && created[0].detail == "staff_id=yamada01 role=supervisor")

            let waiting = try await world.passwordStep(enrollment)
            guard case .otpPending(let pending, let staff) = try await world.bank.staffSessions.resolve(cookie: waiting, client: Self.client)
            else { Issue.record("the password alone must leave the session waiting for the code"); return }
            #expect(pending.stage == .password && staff.loginID == "yamada01")
            #expect(try await world.audit(event: "staff_login_password").count == 1)

            let cookie = try await world.bank.staffLogin.verifyCode(cookie: waiting, code: try world.code(enrollment), client: Self.client)
            #expect(cookie != waiting)
            #expect(try await world.bank.staffSessions.resolve(cookie: waiting, client: Self.client) == .none)
            guard case .active(let session, let active) = try await world.bank.staffSessions.resolve(cookie: cookie, client: Self.client)
            else { Issue.record("not logged in after the code"); return }
            #expect(session.stage == .authenticated && active.id == enrollment.staff.id)
            #expect(session.ip == Self.client.ip && session.userAgent == Self.client.userAgent)
            #expect(session.csrfToken.count == 64 && session.csrfToken != pending.csrfToken)
            let activeRecord = try await world.staff(active.loginID)
            #expect(activeRecord.failures == 0 && !activeRecord.isLocked)
            let logins = try await world.audit(event: "staff_login")
            #expect(logins.count == 1 && logins[0].result == .success && logins[0].actor == "staff:yamada01")
            #expect(logins[0].ip == Self.client.ip && logins[0].customerID == nil)
            #expect(try await world.sessions() == 1)
        }
    }

    /// Bad input is refused field by field and nothing is written; a taken ID is refused.
    @Test(arguments: TestDatabases.engines)
    func createRefusesBadInput(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            await #expect(throws: BankError.invalidInput([
                FieldError(field: "staff_id", messageKey: "error.staff_id.characters"),
                FieldError(field: "name", messageKey: "error.staff_name.invalid"),
                FieldError(field: "password", messageKey: "error.staff_password.length"),
            ])) {
                _ = try await world.bank.staff.create(staffID: "ya-mada", name: " ", role: .operator, password: "Short1pass",
                                                     by: .operator(name: "test"))
            }
            await #expect(throws: BankError.invalidInput([
                FieldError(field: "password", messageKey: "error.staff_password.contains_staff_id"),
            ])) {
                _ = try await world.bank.staff.create(staffID: "yamada01", name: "山田", role: .operator,
                                                     password: "xxYAMADA01xx2026", by: .operator(name: "test"))
            }
            await #expect(throws: BankError.invalidInput([FieldError(field: "password", messageKey: "error.password.letter_and_digit")])) {
                _ = try await world.bank.staff.create(staffID: "yamada01", name: "山田", role: .operator,
                                                     password: "onlyletterslong", by: .operator(name: "test"))
            }
            #expect(try await world.bank.staff.members().isEmpty)
            #expect(try await world.audit(event: "staff_created").isEmpty)
            _ = try await world.enroll("yamada01")
            await expectStaffRefusal(.duplicateStaffID) { _ = try await world.enroll("YAMADA01", role: .auditor) }
            #expect(try await world.bank.staff.members().map(\.role) == [.supervisor])
        }
    }

    /// A wrong password, an unknown staff ID and a disabled one get one answer, and lock after
    /// the same number of attempts.
    @Test(arguments: TestDatabases.engines)
    func unknownAndDisabledIDsAnswerLikeAWrongPassword(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let enrollment = try await world.enroll("yamada01")
            _ = try await world.enroll("gone0001", role: .operator)
            _ = try await world.bank.staff.disable(staffID: "gone0001", by: .operator(name: "test"))
            for staffID in ["yamada01", "nobody01", "gone0001"] {
                var answers: [StaffRefusal] = []
                for _ in 0..<6 {
                    do {
                        _ = try await world.bank.staffLogin.logIn(staffID: staffID, password: "Wrong2026pass", client: Self.client)
                    } catch BankError.staff(let refusal) { answers.append(refusal) }
                }
                #expect(answers == [.loginFailed, .loginFailed, .loginFailed, .loginFailed, .locked, .locked], "\(staffID)")
            }
            let unknown = try await world.audit(event: "staff_login").filter { $0.actor == "anonymous" }
            #expect(unknown.count == 12)
            #expect(unknown.allSatisfy { !$0.detail.contains("nobody01") && !$0.detail.contains("gone0001") })
            #expect(try await world.staff(enrollment.staff.staffID).isLocked)
            #expect(try await world.sessions() == 0)
        }
    }

    /// Every attempt is counted before it is checked: many wrong passwords at once check at
    /// most `limit` of them, and the right one after them is refused until an unlock.
    @Test(arguments: TestDatabases.engines)
    func lockoutIsCountedBeforeTheCheck(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let enrollment = try await world.enroll("yamada01")
            let refusals = try await withThrowingTaskGroup(of: StaffRefusal?.self) { group in
                for n in 0..<12 {
                    group.addTask {
                        do {
                            _ = try await world.bank.staffLogin.logIn(staffID: "yamada01", password: "Wrong\(n)pass2026", client: Self.client)
                            return nil
                        } catch BankError.staff(let refusal) { return refusal }
                    }
                }
                return try await group.reduce(into: [StaffRefusal?]()) { $0.append($1) }
            }
            #expect(refusals.filter { $0 == .loginFailed }.count == 4)
            #expect(refusals.filter { $0 == .locked }.count == 8)
            let checked = try await world.audit(event: "staff_login").filter { $0.detail.hasPrefix("wrong_password") }
            #expect(checked.count == 5, "exactly the limit of passwords was checked")
            #expect(try await world.audit(event: "staff_locked").count == 1)
            await expectStaffRefusal(.locked) { _ = try await world.passwordStep(enrollment) }
            let unlocked = try await world.bank.staff.unlock(staffID: "yamada01", by: .operator(name: "chief"))
            #expect(unlocked.failures == 0 && !unlocked.isLocked)
            #expect(try await world.audit(event: "staff_unlocked").first?.actor == "staff:chief")
            _ = try await world.logIn(enrollment)
        }
    }

    /// The last allowed attempt may still be the right password, and then the right code.
    @Test func theLastAllowedAttemptCanSucceed() async throws {
        try await StaffWorld.with(.sqlite) { world in
            let enrollment = try await world.enroll()
            for _ in 0..<4 {
                await expectStaffRefusal(.loginFailed) { _ = try await world.passwordStep(enrollment, password: "Wrong2026pass") }
            }
            let (_, signedIn) = try await world.logIn(enrollment)
            let staff = try await world.staff(signedIn.loginID)
            #expect(staff.failures == 0 && !staff.isLocked)
        }
    }

    /// A code is never accepted twice, not even in a new login within the same step.
    @Test(arguments: TestDatabases.engines)
    func aReplayedCodeIsRefused(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let enrollment = try await world.enroll()
            let (cookie, _) = try await world.logIn(enrollment)
            let used = try world.code(enrollment)
            try await world.bank.staffSessions.logout(cookie: cookie, client: Self.client)
            let waiting = try await world.passwordStep(enrollment)
            // A replay is "already used, wait for the next one": refused, audited, not counted.
            await expectStaffRefusal(.codeAlreadyUsed) {
                _ = try await world.bank.staffLogin.verifyCode(cookie: waiting, code: used, client: Self.client)
            }
            #expect(try await world.audit(event: "staff_login_otp").first?.detail == "code_already_used")
            #expect(try await world.staff("yamada01").failures == 0)
            // An older code is no better.
            await expectStaffRefusal(.codeAlreadyUsed) {
                _ = try await world.bank.staffLogin.verifyCode(cookie: waiting, code: try world.code(enrollment, steps: -1), client: Self.client)
            }
            world.clock.advance(by: 30)
            let cookie2 = try await world.bank.staffLogin.verifyCode(cookie: waiting, code: try world.code(enrollment), client: Self.client)
            #expect(cookie2.count == 64)
            #expect(try await world.staff("yamada01").failures == 0)
        }
    }

    /// Clock drift: a code one step early or late passes; two steps do not.
    @Test(arguments: TestDatabases.engines)
    func driftOfOneStepIsAcceptedTwoIsNot(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let enrollment = try await world.enroll()
            let waiting = try await world.passwordStep(enrollment)
            for steps in [-2, 2] {
                await expectStaffRefusal(.wrongCode) {
                    _ = try await world.bank.staffLogin.verifyCode(cookie: waiting, code: try world.code(enrollment, steps: steps),
                                                            client: Self.client)
                }
            }
            _ = try await world.bank.staffLogin.verifyCode(cookie: waiting, code: try world.code(enrollment, steps: -1), client: Self.client)
            let again = try await world.passwordStep(enrollment)
            _ = try await world.bank.staffLogin.verifyCode(cookie: again, code: try world.code(enrollment, steps: 1), client: Self.client)
            #expect(try await world.audit(event: "staff_login").filter { $0.result == .success }.count == 2)
        }
    }

    /// Wrong codes lock like wrong passwords, on the same counter; the waiting login ends at
    /// the lock. A right password does not give back the code guesses already spent.
    @Test(arguments: TestDatabases.engines)
    func wrongCodesLockAndEndTheWaitingLogin(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let enrollment = try await world.enroll()
            let right = try world.code(enrollment)
            let wrong = right == "000000" ? "111111" : "000000"
            var waiting = try await world.passwordStep(enrollment)
            for _ in 0..<3 {
                await expectStaffRefusal(.wrongCode) { _ = try await world.bank.staffLogin.verifyCode(cookie: waiting, code: wrong, client: Self.client) }
            }
            // Logging in again with the right password: the count goes on from 3.
            waiting = try await world.passwordStep(enrollment)
            #expect(try await world.staff("yamada01").failures == 3)
            await expectStaffRefusal(.wrongCode) { _ = try await world.bank.staffLogin.verifyCode(cookie: waiting, code: wrong, client: Self.client) }
            await expectStaffRefusal(.locked) { _ = try await world.bank.staffLogin.verifyCode(cookie: waiting, code: wrong, client: Self.client) }
            #expect(try await world.bank.staffSessions.resolve(cookie: waiting, client: Self.client) == .none)
            await expectStaffRefusal(.loginExpired) { _ = try await world.bank.staffLogin.verifyCode(cookie: waiting, code: right, client: Self.client) }
            await expectStaffRefusal(.locked) { _ = try await world.passwordStep(enrollment) }
            #expect(try await world.staff("yamada01").isLocked)
            #expect(try await world.audit(event: "staff_locked").count == 1)
            #expect(try await world.sessions() == 0)
        }
    }

    /// A customer's cookie is nothing in the back office, and junk is not looked up.
    @Test func aCustomerSessionIsNoStaffSession() async throws {
        try await StaffWorld.with(.sqlite) { world in
            let seeded = try await SeededCustomer.create(world.bank)
            guard case .success(let ticket) = try await world.bank.login.checkPassword(loginID: seeded.customer.loginID,
                                                                          password: SeededCustomer.loginPassword, client: Self.client)
            else { Issue.record("customer login failed"); return }
            #expect(try await world.bank.staffSessions.resolve(cookie: ticket.cookieValue, client: Self.client) == .none)
            await expectStaffRefusal(.loginExpired) {
                _ = try await world.bank.staffLogin.verifyCode(cookie: ticket.cookieValue, code: "123456", client: Self.client)
            }
            #expect(try await world.bank.staffSessions.resolve(cookie: "not-a-cookie", client: Self.client) == .none)
        }
    }
}
