import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// The fixture world (BankTestSupport's `BankWorld`) as the back-office tests use it, and what
/// they do over and over: enrol the 役席, compute the code their authenticator app would show,
/// log in.
struct StaffWorld: BankWorldHolding {
    let world: BankWorld

    static let client = ClientInfo(ip: "192.0.2.60", userAgent: "StaffTest")
    static let password = StaffMember.supervisor.password

    static func with(_ engine: DatabaseEngine, lockoutLimit: Int = 5, _ body: (StaffWorld) async throws -> Void) async throws {
        try await BankWorld.with(engine, settings: BankSettings(lockout: LockoutPolicy(limit: lockoutLimit))) { world in
            try await body(StaffWorld(world: world))
        }
    }

    /// The supervisor (or another member of staff with the supervisor's name and password).
    func enroll(_ staffID: String = StaffMember.supervisor.staffID,
                role: StaffRole = StaffMember.supervisor.role) async throws -> StaffEnrollment {
        try await enrollStaff(staffID, name: StaffMember.supervisor.name, role: role, password: Self.password)
    }

    /// The code the app shows now, or `steps` steps (30 s each) away from now.
    func code(_ enrollment: StaffEnrollment, steps: Int = 0) throws -> String {
        try staffCode(enrollment, steps: steps)
    }

    /// The password step; the cookie of the session waiting for the code.
    func passwordStep(_ enrollment: StaffEnrollment, password: String = StaffWorld.password) async throws -> String {
        guard case .otpRequired(let cookie) = try await bank.staffLogin.logIn(staffID: enrollment.staff.staffID, password: password,
                                                                        client: Self.client) else {
            throw TransferTestError("no otpRequired")
        }
        return cookie
    }

    /// A whole login; the clock moves on one step first, so no earlier code is reused. Returns
    /// the session's cookie and the member of staff as the session resolves them.
    func logIn(_ enrollment: StaffEnrollment) async throws -> (cookie: String, staff: StaffIdentity) {
        clock.advance(by: Double(bank.settings.staff.totp.step))
        let waiting = try await passwordStep(enrollment)
        let cookie = try await bank.staffLogin.verifyCode(cookie: waiting, code: try code(enrollment), client: Self.client)
        guard case .active(_, let staff) = try await bank.staffSessions.resolve(cookie: cookie, client: Self.client) else {
            throw TransferTestError("session not active after login")
        }
        return (cookie, staff)
    }

    func staff(_ staffID: String) async throws -> StaffAccount {
        try await bank.staff.member(staffID: staffID)
    }

    func sessions() async throws -> Int { try await staffSessionCount() }
}

/// `#expect(throws:)` for one staff refusal.
func expectStaffRefusal(_ refusal: StaffRefusal, sourceLocation: SourceLocation = #_sourceLocation,
                        _ body: () async throws -> Void) async {
    await #expect(throws: BankError.staff(refusal), sourceLocation: sourceLocation) { try await body() }
}
