import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

@Suite struct StaffSessionServiceTests {
    static let client = StaffWorld.client

    /// 5 minutes without a request end a staff session (a customer's lasts 10); each request
    /// restarts the idle clock; the timeout is audited once.
    @Test(arguments: TestDatabases.engines)
    func idleTimeoutEndsTheSession(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            #expect(world.bank.settings.staff.sessions == SessionPolicy(idleTimeout: 300, absoluteTimeout: 8 * 3600))
            let enrollment = try await world.enroll()
            let (cookie, _) = try await world.logIn(enrollment)
            world.clock.advance(by: 299)
            guard case .active = try await world.bank.staffSessions.resolve(cookie: cookie, client: Self.client) else {
                Issue.record("ended before 5 minutes"); return
            }
            world.clock.advance(by: 299)
            guard case .active = try await world.bank.staffSessions.resolve(cookie: cookie, client: Self.client) else {
                Issue.record("a request did not restart the idle clock"); return
            }
            world.clock.advance(by: 300)
            #expect(try await world.bank.staffSessions.resolve(cookie: cookie, client: Self.client) == .expired(.idleExpired))
            #expect(try await world.bank.staffSessions.resolve(cookie: cookie, client: Self.client) == .none)
            let timeouts = try await world.audit(event: "staff_session_timeout")
            #expect(timeouts.count == 1 && timeouts[0].detail == "idle" && timeouts[0].actor == "staff:yamada01")
        }
    }

    /// However busy, a session ends 8 hours after the password was given.
    @Test func absoluteTimeoutEndsABusySession() async throws {
        try await StaffWorld.with(.sqlite) { world in
            let enrollment = try await world.enroll()
            let (cookie, _) = try await world.logIn(enrollment)
            for _ in 0..<(8 * 3600 / 240 - 1) {
                world.clock.advance(by: 240)
                guard case .active = try await world.bank.staffSessions.resolve(cookie: cookie, client: Self.client) else {
                    Issue.record("ended before 8 hours"); return
                }
            }
            world.clock.advance(by: 240)
            #expect(try await world.bank.staffSessions.resolve(cookie: cookie, client: Self.client) == .expired(.absoluteExpired))
            #expect(try await world.audit(event: "staff_session_timeout").first?.detail == "absolute")
        }
    }

    /// A login left waiting for its code runs out like any session: the code is then refused.
    @Test func aWaitingLoginRunsOut() async throws {
        try await StaffWorld.with(.sqlite) { world in
            let enrollment = try await world.enroll()
            let waiting = try await world.passwordStep(enrollment)
            world.clock.advance(by: 300)
            await expectStaffRefusal(.loginExpired) {
                _ = try await world.bank.staffLogin.verifyCode(cookie: waiting, code: try world.code(enrollment), client: Self.client)
            }
            #expect(try await world.sessions() == 0)
            #expect(try await world.audit(event: "staff_session_timeout").count == 1)
            #expect(try await world.staff("yamada01").failures == 0, "a code never checked is not counted")
        }
    }

    /// ログアウト deletes the row; the sweeper ends what nobody came back to, auditing each.
    @Test(arguments: TestDatabases.engines)
    func logoutAndSweep(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let enrollment = try await world.enroll()
            let (first, _) = try await world.logIn(enrollment)
            try await world.bank.staffSessions.logout(cookie: first, client: Self.client)
            #expect(try await world.bank.staffSessions.resolve(cookie: first, client: Self.client) == .none)
            #expect(try await world.audit(event: "staff_logout").count == 1)
            _ = try await world.logIn(enrollment)
            _ = try await world.passwordStep(enrollment)
            #expect(try await world.sessions() == 2)
            world.clock.advance(by: 299)
            #expect(try await world.bank.staffSessions.sweepExpired() == 0)
            world.clock.advance(by: 1)
            #expect(try await world.bank.staffSessions.sweepExpired() == 2)
            #expect(try await world.sessions() == 0)
            #expect(try await world.audit(event: "staff_session_timeout").count == 2)
        }
    }

    /// Disabling a member of staff ends their sessions at once and for good.
    @Test(arguments: TestDatabases.engines)
    func disablingEndsSessions(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let enrollment = try await world.enroll()
            let (cookie, _) = try await world.logIn(enrollment)
            let disabled = try await world.bank.staff.disable(staffID: "YAMADA01", by: .operator(name: "chief"))
            #expect(disabled.isDisabled)
            #expect(try await world.bank.staffSessions.resolve(cookie: cookie, client: Self.client) == .none)
            await expectStaffRefusal(.loginFailed) { _ = try await world.passwordStep(enrollment) }
            #expect(try await world.audit(event: "staff_disabled").first?.detail == "staff_id=yamada01 sessions_ended=1")
            await expectStaffRefusal(.notFound) { _ = try await world.bank.staff.disable(staffID: "nobody01", by: .operator(name: "chief")) }
            await expectStaffRefusal(.notFound) { _ = try await world.bank.staff.unlock(staffID: "nobody01", by: .operator(name: "chief")) }
        }
    }
}
