import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// ログイン履歴: the customer's own login attempts from the audit trail, newest first, at most
/// 20, with the browser family read from the stored User-Agent.
@Suite struct LoginHistoryTests {
    static let chrome = ClientInfo(
        ip: "198.51.100.7",
        userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36")

    @Test(arguments: TestDatabases.engines)
    func listsOwnAttemptsNewestFirst(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            _ = try await world.bank.login.checkPassword(loginID: "tanaka01", password: "wrong-password1", client: TransferWorld.client)
            world.world.clock.advance(by: 60)
            _ = try await world.bank.login.checkPassword(loginID: "tanaka01", password: SeededCustomer.loginPassword, client: Self.chrome)
            _ = try await world.bank.login.checkPassword(loginID: "suzuki01", password: SeededCustomer.loginPassword, client: Self.chrome)

            let entries = try await world.bank.history.logins(by: .customer(id: world.payer.id))
            #expect(entries.count == 2, "the other customer's login is not listed")
            let newest = try #require(entries.first)
            #expect(newest.outcome == .succeeded)
            #expect(newest.ip == "198.51.100.7")
            #expect(newest.browser == BrowserFamily(browser: .chrome, system: .windows))
            #expect(newest.factorsPresented == [.loginPassword])
            let failed = try #require(entries.last)
            #expect(failed.outcome == .failed)
            #expect(failed.ip == "192.0.2.44")
            #expect(failed.browser == BrowserFamily(browser: .other, system: .other))
            #expect(newest.at > failed.at)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func showsTheLastTwentyAndWritesNothing(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            for _ in 0..<(HistoryService.loginCount + 3) {
                _ = try await world.bank.login.checkPassword(loginID: "tanaka01", password: SeededCustomer.loginPassword,
                                                             client: TransferWorld.client)
                world.world.clock.advance(by: 1)
            }
            let before = try await world.audit(event: nil).count
            let entries = try await world.bank.history.logins(by: .customer(id: world.payer.id))
            #expect(entries.count == HistoryService.loginCount)
            #expect(entries.map(\.at) == entries.map(\.at).sorted(by: >))
            #expect(try await world.audit(event: nil).count == before, "a read writes no audit row")
        }
    }

    @Test(arguments: TestDatabases.engines)
    func onlyACustomerMayAsk(engine: DatabaseEngine) async throws {
        try await TransferWorld.with(engine) { world in
            await #expect(throws: BankError.self) { try await world.bank.history.logins(by: .system) }
        }
    }
}
