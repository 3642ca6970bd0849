import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// A bank with its manual clock for the back-office tests, and what they do over and over:
/// enrol a member of staff, compute the code their authenticator app would show, log in.
struct StaffWorld: Sendable {
    let bank: Bank
    let clock: ManualClock

    static let client = ClientInfo(ip: "192.0.2.60", userAgent: "StaffTest")
    static let password = "Kanri2026pass"

    static func with(_ engine: DatabaseEngine, lockoutLimit: Int = 5, _ body: (StaffWorld) async throws -> Void) async throws {
        let clock = ManualClock()
        let settings = BankSettings(lockout: LockoutPolicy(limit: lockoutLimit), secretKeys: TestDatabases.secretKeys)
        try await TestDatabases.withBank(engine, clock: clock, settings: settings) { bank in
            try await body(StaffWorld(bank: bank, clock: clock))
        }
    }

    func enroll(_ staffID: String = "yamada01", role: StaffRole = .supervisor) async throws -> StaffEnrollment {
        try await bank.createStaff(staffID: staffID, name: "山田 一郎", role: role, password: Self.password, createdBy: "test")
    }

    /// The code the app shows now, or `steps` steps (30 s each) away from now.
    func code(_ enrollment: StaffEnrollment, steps: Int = 0) throws -> String {
        try enrollment.code(bank, at: clock.now(), steps: steps)
    }

    /// The password step; the cookie of the session waiting for the code.
    func passwordStep(_ enrollment: StaffEnrollment, password: String = StaffWorld.password) async throws -> String {
        guard case .otpRequired(let cookie) = try await bank.staffLogin(staffID: enrollment.staff.staffID, password: password,
                                                                        client: Self.client) else {
            throw TransferTestError("no otpRequired")
        }
        return cookie
    }

    /// A whole login; the clock moves on one step first, so no earlier code is reused. Returns
    /// the session's cookie and the member of staff as the session resolves them.
    func logIn(_ enrollment: StaffEnrollment) async throws -> (cookie: String, staff: StaffRecord) {
        clock.advance(by: Double(bank.settings.staff.totp.step))
        let waiting = try await passwordStep(enrollment)
        let cookie = try await bank.staffVerifyOTP(cookie: waiting, code: try code(enrollment), client: Self.client)
        guard case .active(_, let staff) = try await bank.resolveStaffSession(cookie: cookie, client: Self.client) else {
            throw TransferTestError("session not active after login")
        }
        return (cookie, staff)
    }

    func staff(_ staffID: String) async throws -> StaffRecord {
        try await bank.staffMember(staffID: staffID)
    }

    func audit(event: String) async throws -> [AuditEvent] {
        try await bank.database.read { db in try await AuditRecords.list(db, event: event, limit: 1_000) }
    }

    func sessions() async throws -> Int {
        try await bank.database.read { db in try await StaffSessionRecords.count(db) }
    }
}

/// `#expect(throws:)` for one staff refusal.
func expectStaffRefusal(_ refusal: StaffRefusal, sourceLocation: SourceLocation = #_sourceLocation,
                        _ body: () async throws -> Void) async {
    await #expect(throws: BankError.staff(refusal), sourceLocation: sourceLocation) { try await body() }
}
