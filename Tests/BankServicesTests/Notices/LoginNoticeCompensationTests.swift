import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// 補償判定資料: for a transfer, whether the login of the session that made it was notified
/// (when, to which masked address), or why not.
@Suite struct LoginNoticeCompensationTests {
    func transfer(_ world: TransferWorld, cookie: String, amount: String) async throws -> String {
        try await world.transfer(world.payer, from: world.payer.ordinary, to: .own(accountID: world.payer.savings.id), amount: amount,
                                 cookie: cookie).transfer.receptionNumber
    }

    @Test(arguments: TestDatabases.engines)
    func reportSaysWhetherTheSessionsLoginWasNotified(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            let loginAt = world.clock.now()
            guard case .success(let first) = try await Notice.login(world) else { Issue.record("login failed"); return }
            world.clock.advance(by: 10)
            guard case .success(let second) = try await Notice.login(world) else { Issue.record("login failed"); return }
            world.clock.advance(by: 10)
            let sentOne = try await transfer(world, cookie: first.cookieValue, amount: "1000")
            let throttledOne = try await transfer(world, cookie: second.cookieValue, amount: "2000")
            let unknownOne = try await world.transfer(world.payer, from: world.payer.ordinary,
                                                      to: .own(accountID: world.payer.savings.id), amount: "3000").transfer.receptionNumber

            let staff = StaffWorld(world: world.world)
            let (_, chief) = try await staff.logIn(try await staff.enroll("chief001", role: .supervisor))
            let report = try await world.bank.compensation.report(receptionNumber: sentOne, by: .staff(chief))
            let entry = try #require(report.entries.first { $0.transfer?.receptionNumber == sentOne })
            let notice = try #require(entry.loginNotice)
            #expect(notice.outcome == .sent && notice.maskedRecipient == "ta****@example.jp" && notice.newBrowser)
            #expect(notice.loggedInAt == loginAt && notice.mailStatus == .queued)
            #expect(report.entries.filter { $0.kind == .login }.allSatisfy { $0.loginNotice == nil })

            let throttled = try await world.bank.compensation.report(receptionNumber: throttledOne, by: .staff(chief))
            #expect(throttled.entries.first { $0.transfer?.receptionNumber == throttledOne }?.loginNotice?.outcome == .throttled)
            let unknown = try await world.bank.compensation.report(receptionNumber: unknownOne, by: .staff(chief))
            #expect(unknown.entries.first { $0.transfer?.receptionNumber == unknownOne }?.loginNotice == .unknown,
                    "a session no login opened has no notice")
        }
    }
}
