import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// The Argon2id parameters production runs with, and the upgrade of a stored hash when they
/// rise. Every other test hashes with 1 MiB and one pass, so only these see the real ones.
@Suite struct PasswordHashParameterTests {
    static let client = ClientInfo(ip: "192.0.2.81", userAgent: "HashParameterTest")
    /// m = 19 MiB, t = 2, p = 1: the ASVS/OWASP floor DESIGN.md fixes.
    static let productionPrefix = "$argon2id$v=19$m=19456,t=2,p=1$"

    @Test func defaultsAreTheProductionParameters() {
        let hasher = Argon2idHasher()
        #expect(hasher.memoryKiB == 19 * 1024 && hasher.iterations == 2 && hasher.parallelism == 1)
        #expect(!hasher.needsRehash(Self.productionPrefix + "c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"))
        // Any parameter below (or merely different from) the configured ones asks for a new hash.
        for weaker in ["$argon2id$v=19$m=1024,t=2,p=1$", "$argon2id$v=19$m=19456,t=1,p=1$",
                       "$argon2id$v=19$m=19456,t=2,p=2$", "$argon2i$v=19$m=19456,t=2,p=1$", "$2b$12$bcrypt"] {
            #expect(hasher.needsRehash(weaker + "x"), "\(weaker)")
        }
    }

    /// A bank built the way `kyoei serve` builds it (no hasher given) stores PHC strings with
    /// the production parameters, for both of a customer's passwords.
    @Test(arguments: TestDatabases.engines)
    func storedCustomerHashesCarryTheProductionParameters(engine: DatabaseEngine) async throws {
        try await TestDatabases.withDatabase(engine) { database, _ in
            let bank = Bank(database: database, settings: BankSettings(secretKeys: TestDatabases.secretKeys),
                            logger: TestDatabases.logger)
            let seeded = try await SeededCustomer.create(bank, loginID: "argon001")
            let stored = try await Self.customer(bank, "argon001")
            #expect(stored.loginPasswordHash.hasPrefix(Self.productionPrefix), "\(stored.loginPasswordHash)")
            #expect(stored.confirmationPasswordHash.hasPrefix(Self.productionPrefix), "\(stored.confirmationPasswordHash)")
            guard case .success = try await bank.login.checkPassword(loginID: seeded.customer.loginID, password: SeededCustomer.loginPassword,
                                                        client: Self.client) else {
                Issue.record("the production hash does not verify")
                return
            }
            #expect(try await Self.customer(bank, "argon001").loginPasswordHash == stored.loginPasswordHash,
                    "a hash with the current parameters is kept")
        }
    }

    /// A customer hashed with weaker parameters logs in with a bank whose parameters are
    /// higher: the right password replaces the stored hash with one of the new parameters;
    /// a wrong one changes nothing.
    @Test(arguments: TestDatabases.engines)
    func loginRehashesWhenTheParametersRise(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { weak in
            let seeded = try await SeededCustomer.create(weak, loginID: "argon002")
            let before = try await Self.customer(weak, "argon002").loginPasswordHash
            #expect(before.hasPrefix("$argon2id$v=19$m=1024,t=1,p=1$"))
            let stronger = Argon2idHasher(memoryKiB: 2048, iterations: 2)
            let bank = Bank(database: weak.database, clock: weak.clock, hasher: stronger, settings: weak.settings, logger: weak.logger)

            #expect(try await bank.login.checkPassword(loginID: "argon002", password: "Wrong-Pass-1", client: Self.client) == .invalidCredentials)
            #expect(try await Self.customer(bank, "argon002").loginPasswordHash == before, "a wrong password rehashes nothing")

            guard case .success = try await bank.login.checkPassword(loginID: seeded.customer.loginID, password: SeededCustomer.loginPassword,
                                                        client: Self.client) else {
                Issue.record("login with the old hash failed")
                return
            }
            let after = try await Self.customer(bank, "argon002").loginPasswordHash
            #expect(after.hasPrefix("$argon2id$v=19$m=2048,t=2,p=1$"), "\(after)")
            #expect(!stronger.needsRehash(after))
            #expect(try await stronger.verify(SeededCustomer.loginPassword, against: after))
            guard case .success = try await bank.login.checkPassword(loginID: "argon002", password: SeededCustomer.loginPassword,
                                                        client: Self.client) else {
                Issue.record("login with the upgraded hash failed")
                return
            }
        }
    }

    /// The same for a member of staff.
    @Test(arguments: TestDatabases.engines)
    func staffLoginRehashesWhenTheParametersRise(engine: DatabaseEngine) async throws {
        try await TestDatabases.withBank(engine) { weak in
            let enrollment = try await weak.staff.create(staffID: "argon01", name: "山田 一郎", role: .operator,
                                                        password: "Kanri2026pass", by: .operator(name: "test"))
            let before = try await weak.storedStaff("argon01").passwordHash
            let stronger = Argon2idHasher(memoryKiB: 2048, iterations: 2)
            let bank = Bank(database: weak.database, clock: weak.clock, hasher: stronger, settings: weak.settings, logger: weak.logger)
            _ = try? await bank.staffLogin.logIn(staffID: "argon01", password: "Wrong-Pass-1", client: Self.client)
            #expect(try await bank.storedStaff("argon01").passwordHash == before)
            guard case .otpRequired = try await bank.staffLogin.logIn(staffID: enrollment.staff.staffID, password: "Kanri2026pass",
                                                                client: Self.client) else {
                Issue.record("staff password step failed")
                return
            }
            #expect(try await bank.storedStaff("argon01").passwordHash.hasPrefix("$argon2id$v=19$m=2048,t=2,p=1$"))
        }
    }

    static func customer(_ bank: Bank, _ loginID: String) async throws -> CustomerRecord {
        try #require(try await bank.database.read { db in try await CustomerRecords.find(db, loginID: loginID) })
    }
}
