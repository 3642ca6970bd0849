import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// Bank.tokenStatus on both engines: the proof made with the token's secret tells live from
/// ended; anything else is unknown; a stale time is refused; nothing is written.
@Suite struct TokenStatusServiceTests {
    static let client = ClientInfo(ip: "192.0.2.9", userAgent: "TokenStatusTest")

    @Test(arguments: TestDatabases.engines)
    func liveEndedUnknownAndStale(engine: DatabaseEngine) async throws {
        let clock = ManualClock()
        try await TestDatabases.withBank(engine, clock: clock) { bank in
            let customer = try await SeededCustomer.create(bank)
            let issued = try await bank.otp.issueToken(
                by: .customer(id: customer.customer.id), mobileEmail: "m@example.jp", activationPassword: "2468",
                confirmationPassword: SeededCustomer.confirmationPassword, session: [.loginPassword], client: Self.client)
            guard case .provisioned(let secret, _) = try await bank.tokenApp.provision(
                serviceID: "KYOEI-IB", userID: issued.userID, activationPassword: "2468", client: Self.client) else {
                Issue.record("not provisioned"); return
            }
            let now = Int64(clock.now().timeIntervalSince1970)
            func ask(_ userID: String = issued.userID, secret: [UInt8] = secret, time: Int64 = now,
                     service: String = "KYOEI-IB") async throws -> TokenLiveness {
                try await bank.tokenApp.status(serviceID: service, userID: userID, time: time,
                                           proof: TokenStatusProof.compute(secret: secret, userID: userID, time: time))
            }
            let auditBefore = try await bank.database.read { db in try await AuditRecords.list(db, limit: 500) }.count
            #expect(try await ask() == .live)
            #expect(try await ask(time: now - 300) == .live)
            #expect(try await ask(secret: Array(repeating: 1, count: 20)) == .unknown)
            #expect(try await ask("0000000001") == .unknown)
            #expect(try await ask(service: "OTHER") == .unknown)
            await #expect(throws: TokenStatusRefusal.clockSkew(serverTime: now)) { try await ask(time: now + 301) }
            await #expect(throws: TokenStatusRefusal.invalidRequest) {
                try await bank.tokenApp.status(serviceID: "KYOEI-IB", userID: issued.userID, time: now, proof: "zz")
            }
            #expect(try await bank.database.read { db in try await AuditRecords.list(db, limit: 500) }.count == auditBefore,
                    "asking writes nothing")

            _ = try await bank.otp.resetToken(loginID: customer.customer.loginID, reason: "紛失", by: .operator(name: "test"))
            #expect(try await ask() == .ended)
        }
    }
}
