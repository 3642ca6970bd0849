import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// The demo's staff can try maker-checker both ways: a 役席's own request needs another 役席,
/// so the demo has two.
@Suite struct BackOfficeDemoStaffTests {
    static let client = ClientInfo(ip: "192.0.2.61", userAgent: "DemoStaffTest")

    /// A demo member of staff logged in with the printed password and the code of the printed secret.
    func logIn(_ bank: Bank, _ clock: ManualClock, _ member: DemoStaff.Member) async throws -> StaffIdentity {
        clock.advance(by: Double(bank.settings.staff.totp.step))
        guard case .otpRequired(let waiting) = try await bank.staffLogin.logIn(staffID: member.staffID, password: member.password,
                                                                         client: Self.client) else {
            throw TransferTestError("\(member.staffID): no code step")
        }
        let secret = try #require(Base32.decode(member.totpSecret))
        let code = TOTP.code(secret: secret, at: clock.now(), parameters: bank.settings.staff.totp)
        let cookie = try await bank.staffLogin.verifyCode(cookie: waiting, code: code, client: Self.client)
        guard case .active(_, let staff) = try await bank.staffSessions.resolve(cookie: cookie, client: Self.client) else {
            throw TransferTestError("\(member.staffID): session not active")
        }
        return staff
    }

    @Test(arguments: TestDatabases.engines)
    func aSupervisorsOwnRequestIsApprovedByTheOtherDemoSupervisor(engine: DatabaseEngine) async throws {
        let clock = ManualClock()
        try await TestDatabases.withBank(engine, clock: clock, settings: BankSettings(secretKeys: TestDatabases.secretKeys)) { bank in
            let demo = try await bank.demo.seed()
            let supervisors = demo.staff.filter { $0.role == .supervisor }.map(\.staffID)
            #expect(supervisors.count == 2, "two 役席 in the demo: \(supervisors)")

            let chief = try await logIn(bank, clock, DemoStaff.chief)
            let deputy = try await logIn(bank, clock, DemoStaff.deputy)
            let customer = try await bank.counter.customer(loginID: DemoCustomer.loginID)
            guard case .requested(let request) = try await bank.accessRequests.changeTransferLimit(
                customerID: customer.id, amount: "5,000,000", reason: "来店、本人確認済み", by: .staff(chief), client: Self.client)
            else { throw TransferTestError("a raise is a request") }
            await #expect(throws: BankError.accessRequest(.ownRequest)) {
                _ = try await bank.accessRequests.approve(id: request.id, note: "", by: .staff(chief), client: Self.client)
            }
            let approved = try await bank.accessRequests.approve(id: request.id, note: "", by: .staff(deputy), client: Self.client)
            #expect(approved.status == .approved && approved.decidedByStaffID == DemoStaff.deputy.staffID)
        }
    }
}
