import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// How the back office finds a customer and what it shows at once: 顧客検索 lists each
/// customer's locks beside 利用中 (one query for the whole list, not one per row), and
/// 補償判定資料 takes the ログインID or the name a clerk has in hand.
@Suite struct BackOfficeLookupTests {
    static let client = StaffWorld.client

    func lock(_ bank: Bank, _ customerID: Int64, _ credentials: [Credential], at now: Date) async throws {
        try await bank.database.transaction { db in
            for credential in credentials {
                for _ in 0..<bank.settings.lockout.limit {
                    _ = try await CredentialRecords.recordFailure(db, customerID: customerID, credential: credential,
                                                                  policy: bank.settings.lockout, at: now)
                }
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func searchAndDetailShowEveryLock(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let tanaka = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            let tanabe = try await Party.open(world.bank, loginID: "tanabe02", kana: "ﾀﾅﾍﾞ ｼﾞﾛｳ")
            let (_, staff) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            // Locked in another order than the screens list them; one failure is not a lock.
            try await lock(world.bank, tanaka.id, [.mailPassword, .loginPassword, .otp], at: world.clock.now())
            try await world.bank.database.transaction { db in
                _ = try await CredentialRecords.recordFailure(db, customerID: tanabe.id, credential: .confirmationPassword,
                                                              policy: world.bank.settings.lockout, at: world.clock.now())
            }
            let found = try await world.bank.backOffice.search(CustomerSearchQuery(loginID: "tana"), by: .staff(staff), client: Self.client)
            let locks = Dictionary(uniqueKeysWithValues: found.map { ($0.loginID, $0.locks) })
            #expect(locks["tanaka01"] == [.loginPassword, .otp, .mailPassword])
            #expect(locks["tanabe02"] == [])
            #expect(found.first { $0.loginID == "tanaka01" }?.accounts.map(\.accountNumber)
                == [tanaka.ordinary.accountNumber, tanaka.savings.accountNumber], "accounts read for the whole list")
            #expect(found.first { $0.loginID == "tanabe02" }?.accounts.count == 2)

            let detail = try await world.bank.backOffice.customerDetail(customerID: tanaka.id, by: .staff(staff), client: Self.client)
            #expect(detail.customer.locks == [.loginPassword, .otp, .mailPassword])
            let unlocked = try await world.bank.backOffice.customerDetail(customerID: tanabe.id, by: .staff(staff), client: Self.client)
            #expect(unlocked.customer.locks.isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func compensationFindsTheCustomerByLoginIDOrName(engine: DatabaseEngine) async throws {
        try await StaffWorld.with(engine) { world in
            let tanaka = try await Party.open(world.bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            let suzuki = try await Party.open(world.bank, loginID: "suzuki02", kana: "ｽｽﾞｷ ｲﾁﾛｳ")
            let (_, staff) = try await world.logIn(try await world.enroll("clerk001", role: .operator))
            let to = world.clock.now().addingTimeInterval(60)
            let from = to.addingTimeInterval(-86_400)
            func lookup(_ key: String) async throws -> CompensationLookup {
                try await world.bank.compensation.find(customer: key, from: from, to: to, by: .staff(staff), client: Self.client)
            }
            for key in ["tanaka01", "TANAKA01", " ｔａｎａｋａ０１ ", "ﾀﾅｶ ﾊﾅｺ", "たなか　はなこ", "タナカハナコ"] {
                guard case .report(let report) = try await lookup(key) else {
                    Issue.record("\(key): no report"); continue
                }
                #expect(report.customer.id == tanaka.id, "\(key)")
            }
            // Both parties are 試験 太郎: the clerk chooses, and each one offered is a view.
            guard case .choices(let choices) = try await lookup("試験太郎") else {
                Issue.record("a shared name offers a choice"); return
            }
            #expect(Set(choices.map(\.id)) == [tanaka.id, suzuki.id])
            let views = try await world.audit(event: "staff_view").filter { $0.detail.hasPrefix("compensation_choices") }
            #expect(Set(views.compactMap(\.customerID)) == [tanaka.id, suzuki.id])
            await #expect(throws: BankError.customerNotFound) { _ = try await lookup("nobody99") }
            await #expect(throws: BankError.invalidInput([FieldError(field: "customer", messageKey: "error.staff.customer_key")])) {
                _ = try await lookup("  ")
            }
        }
    }
}
