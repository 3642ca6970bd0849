import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// Key rotation on both engines: with the new key first, `reseal` moves every sealed secret
/// (customers' token seeds, staff seeds) under it in batches, audited; a value no key opens is
/// reported and left alone; a second run changes nothing; with the old key gone, the token's
/// code and the staff member's code are still accepted.
@Suite struct SecretResealServiceTests {
    static let old = key("old1", 1)
    static let new = key("new2", 2)
    static let gone = key("gone3", 3)
    static let client = ClientInfo(ip: "192.0.2.40", userAgent: "SecretResealTest")

    static func key(_ id: String, _ byte: UInt8) -> String { "\(id):" + Data(repeating: byte, count: 32).base64EncodedString() }

    static func bank(_ like: Bank, clock: ManualClock, keys: String) throws -> Bank {
        var settings = like.settings
        settings.secretKeys = try SecretKeyRing.parse(keys)
        return Bank(database: like.database, clock: clock, hasher: TestDatabases.cheapHasher, settings: settings)
    }

    @Test(arguments: TestDatabases.engines)
    func resealsEverySecretUnderTheFirstKeyAndTheOldKeyCanGo(engine: DatabaseEngine) async throws {
        let clock = ManualClock()
        var settings = BankSettings()
        settings.secretKeys = try SecretKeyRing.parse(Self.old)
        try await TestDatabases.withBank(engine, clock: clock, settings: settings) { bank in
            let customer = try await SeededCustomer.create(bank).customer
            _ = try await AuthenticatorIssueServiceTests.issue(bank, customer.id)
            let setup = try #require(try await bank.otp.takeAuthenticatorSetup(by: .customer(id: customer.id),
                                                                                 sessionCookie: AuthenticatorIssueServiceTests.cookie))
            let staff = try await bank.staff.create(staffID: "rotate01", name: "鍵 交換", role: .operator,
                                                    password: "Kagi2026rotate", by: .operator(name: "test"))
            // A token sealed under a key this bank no longer has: reported, never touched.
            let lost = try Self.bank(bank, clock: clock, keys: Self.gone)
            let other = try await SeededCustomer.create(lost, loginID: "suzuki01").customer
            _ = try await AuthenticatorIssueServiceTests.issue(lost, other.id)
            let lostSeal = try await bank.database.read { db in
                try await db.raw("SELECT secret_sealed FROM otp_tokens WHERE customer_id = \(bind: other.id)").first()?
                    .decode(column: "secret_sealed", as: String.self)
            }

            let rotated = try Self.bank(bank, clock: clock, keys: "\(Self.new),\(Self.old)")
            let before = try await rotated.secrets.status(by: .operator(name: "test"))
            #expect(before.keyIDs == ["new2", "old1"])
            let seeds = try #require(before.sealed.first { $0.column == "otp_tokens.secret_sealed" })
            #expect(seeds.total == 2 && seeds.byKey == ["new2": 0, "old1": 1] && seeds.other == 1)
            let staffSeeds = try #require(before.sealed.first { $0.column == "staff.totp_secret_sealed" })
            #expect(staffSeeds.byKey["old1"] == staffSeeds.total && staffSeeds.total >= 1)
            #expect(before.notUnderCurrentKey == 2 + staffSeeds.total)

            var batches: [ResealBatch] = []
            let report = try await rotated.secrets.reseal(batchSize: 1, pause: .zero, by: .operator(name: "test")) { batches.append($0) }
            #expect(report.keyID == "new2" && report.resealed == 1 + staffSeeds.total && report.skipped == 0)
            #expect(report.unreadable.count == 1 && report.unreadable[0].hasPrefix("otp_tokens.secret_sealed#"))
            #expect(batches.count == 2 + staffSeeds.total, "one batch a row at batch size 1")
            let after = report.after.sealed
            #expect(after.allSatisfy { $0.byKey["old1"] == 0 })
            #expect(try await bank.database.read { db in
                try await db.raw("SELECT secret_sealed FROM otp_tokens WHERE customer_id = \(bind: other.id)").first()?
                    .decode(column: "secret_sealed", as: String.self)
            } == lostSeal, "an unreadable value is left as it was")
            let audited = try await bank.database.read { db in try await AuditRecords.list(db, limit: 200) }
                .filter { $0.event == "secrets_resealed" }
            #expect(audited.count == batches.count && audited.allSatisfy { $0.detail.contains("key_id=new2") })
            #expect(audited.filter { $0.result == .failure }.count == 1, "the batch with the unreadable value says so")

            let again = try await rotated.secrets.reseal(batchSize: 10, pause: .zero, by: .operator(name: "test"))
            #expect(again.resealed == 0 && again.skipped == 0, "a second run redoes nothing")

            // The old key removed: the customer's code and the staff member's code still work.
            let newOnly = try Self.bank(bank, clock: clock, keys: Self.new)
            let secret = try #require(Base32.decode(setup.secretBase32))
            try await newOnly.otp.activateToken(by: .customer(id: customer.id), code: TOTP.code(secret: secret, at: clock.now()),
                                                sessionCookie: nil, client: Self.client)
            guard case .otpRequired(let waiting) = try await newOnly.staffLogin.logIn(staffID: "rotate01", password: "Kagi2026rotate",
                                                                                      client: Self.client) else {
                Issue.record("the staff password was refused")
                return
            }
            _ = try await newOnly.staffLogin.verifyCode(cookie: waiting, code: try staff.code(newOnly, at: clock.now()), client: Self.client)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func onlyTheOperatorMayAndAReplacedValueIsNotOverwritten(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { bank in
            let customer = try await SeededCustomer.create(bank).customer
            await #expect(throws: BankError.self) { _ = try await bank.secrets.reseal(by: .customer(id: customer.id)) }
            await #expect(throws: BankError.self) { _ = try await bank.secrets.status(by: .customer(id: customer.id)) }
            _ = try await AuthenticatorIssueServiceTests.issue(bank, customer.id)
            let row = try #require(try await bank.database.read { db in
                try await SealedSecretRecords.notUnder(db, .otpTokenSeeds, keyID: "someother", afterID: 0, limit: 10)
            }.first)
            // The bank changed the value between the read and the write: the write does nothing.
            let replaced = try await bank.database.transaction { db in
                try await SealedSecretRecords.replace(db, .otpTokenSeeds, id: row.id, old: row.sealed + "x", new: "v1.x.y")
            }
            #expect(!replaced)
        }
    }
}
