import BankCore
import BankServices
import BankStore
import Foundation
import Logging
import SQLKit

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
}

/// The engines every store test body runs on. PostgreSQL is required in CI (the test script
/// starts a real server and sets KYOEI_TEST_POSTGRES_URL); a developer without it runs SQLite only.
public enum TestDatabases {
    public static var postgresURL: String? { ProcessInfo.processInfo.environment["KYOEI_TEST_POSTGRES_URL"] }

    /// Under `CI` PostgreSQL is always included, so a missing URL fails each PostgreSQL case
    /// with `createEmpty`'s message instead of passing on SQLite alone.
    public static var engines: [DatabaseEngine] {
        let inCI = ProcessInfo.processInfo.environment["CI"] != nil
        if postgresURL != nil || inCI { return [.sqlite, .postgres] }
        _ = sqliteOnlyNotice
        return [.sqlite]
    }

    /// Said once per test process, on standard error, so a green run on SQLite alone is never
    /// taken for a run on both engines.
    private static let sqliteOnlyNotice: Void = {
        let line = String(repeating: "=", count: 78)
        FileHandle.standardError.write(Data("""
            \(line)
            WARNING: KYOEI_TEST_POSTGRES_URL is not set: the engine tests run on SQLite ONLY.
            PostgreSQL is NOT tested. Set it (scripts/test does), or CI=1 to make its absence fail.
            \(line)

            """.utf8))
    }()

    public static let logger: Logger = {
        var logger = Logger(label: "kyoei.test")
        logger.logLevel = .warning
        return logger
    }()

    /// A new, empty, migrated database of the given engine, dropped afterwards.
    public static func withDatabase<T>(_ engine: DatabaseEngine, migrate: Bool = true, logger: Logger = TestDatabases.logger,
                                       _ body: (any BankDatabase, DatabaseLocation) async throws -> T) async throws -> T {
        let location = try await createEmpty(engine)
        let database = try await BankDatabases.open(location, logger: logger)
        do {
            if migrate { try await Migrator.migrate(database) }
            let result = try await body(database, location)
            await database.close()
            await drop(location)
            return result
        } catch {
            await database.close()
            await drop(location)
            throw error
        }
    }

    public static func createEmpty(_ engine: DatabaseEngine) async throws -> DatabaseLocation {
        let name = "kyoei_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kyoei-tests")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return .sqlite(path: directory.appendingPathComponent(name + ".sqlite").path)
        case .postgres:
            guard let url = postgresURL else {
                throw TestSetupError(description: "KYOEI_TEST_POSTGRES_URL is not set: PostgreSQL tests cannot run (CI requires them; scripts/test starts a server)")
            }
            let admin = try DatabaseLocation(url: url)
            try await withAdminConnection(admin) { db in try await db.raw("CREATE DATABASE \(ident: name)").run() }
            guard case let .postgres(host, port, username, password, _, tls) = admin else { throw TestSetupError(description: "not postgres") }
            return .postgres(host: host, port: port, username: username, password: password, database: name, tls: tls)
        }
    }

    public static func drop(_ location: DatabaseLocation) async {
        switch location {
        case .sqlite(let path):
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres(_, _, _, _, let name, _):
            guard let url = postgresURL, let admin = try? DatabaseLocation(url: url) else { return }
            try? await withAdminConnection(admin) { db in try await db.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run() }
        }
    }

    static func withAdminConnection(_ location: DatabaseLocation, _ body: (any SQLDatabase) async throws -> Void) async throws {
        let database = try await BankDatabases.open(location, logger: logger)
        do {
            try await database.read(body)
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }

    /// A fixed key ring for tests (never used outside them).
    public static let secretKeys = try! SecretKeyRing.parse("test1:" + Data(repeating: 7, count: 32).base64EncodedString())

    /// The Argon2id of the tests: real, but 1 MiB and one pass instead of production's 19 MiB and two.
    public static let cheapHasher = Argon2idHasher(memoryKiB: 1024, iterations: 1)

    /// A bank on a fresh database with a manual clock and a cheaper (still real) Argon2id.
    public static func withBank<T>(_ engine: DatabaseEngine = .sqlite, clock: ManualClock = ManualClock(),
                                   settings: BankSettings = BankSettings(), hasher: any PasswordHashing = cheapHasher,
                                   random: any RandomSource = SystemRandomSource(), logger: Logger = TestDatabases.logger,
                                   _ body: (Bank) async throws -> T) async throws -> T {
        var settings = settings
        if settings.secretKeys == nil { settings.secretKeys = TestDatabases.secretKeys }
        // The suite runs hundreds of tests at once on two cores, where a password check waits
        // far longer for a core than on a server: an attempt may wait as long as a test may
        // take (unless the test set its own limits), so a slow machine is not read as "try again".
        if settings.lockout.waitLimit == LockoutPolicy().waitLimit { settings.lockout.waitLimit = 300 }
        if settings.lockout.checkLifetime == LockoutPolicy().checkLifetime { settings.lockout.checkLifetime = 250 }
        return try await withDatabase(engine, logger: logger) { database, _ in
            let bank = Bank(database: database, clock: clock, random: random,
                            hasher: hasher, settings: settings, logger: logger)
            // Every test bank has the bundled holidays, as `kyoei serve` does.
            try await bank.calendar.seedBundled()
            return try await body(bank)
        }
    }
}

/// A customer with two accounts and money in the first, for tests that need one.
public struct SeededCustomer: Sendable {
    public let customer: CustomerRecord
    public let ordinary: AccountRecord
    public let savings: AccountRecord
    public static let loginPassword = "Passw0rdLogin"
    public static let confirmationPassword = "Passw0rdConfirm"

    /// The customer with an ordinary account at 本店 (001) holding `deposit` yen ("0": none)
    /// and a savings account at 吉田支店 (002).
    public static func create(_ bank: Bank, loginID: String = "tanaka01", nameKanji: String = "田中 花子",
                              nameKana: String = "ﾀﾅｶ ﾊﾅｺ", mobileEmail: String? = nil,
                              deposit: String = "100000") async throws -> SeededCustomer {
        let customer = try await enrol(bank, loginID: loginID, nameKanji: nameKanji, nameKana: nameKana, mobileEmail: mobileEmail)
        let ordinary = try await openAccount(bank, loginID: loginID, branch: "001", type: .ordinary)
        let savings = try await openAccount(bank, loginID: loginID, branch: "002", type: .savings)
        if deposit != "0" {
            _ = try await bank.counter.post(.deposit, branch: "001", accountNumber: ordinary.accountNumber, amount: deposit, by: .operator(name: "test"))
        }
        return SeededCustomer(customer: customer, ordinary: ordinary, savings: savings)
    }

    /// Opens an account the CLI's way and returns the store's row as opened (the tests hold
    /// rows; the services hand out views).
    static func openAccount(_ bank: Bank, loginID: String, branch: String, type: AccountType) async throws -> AccountRecord {
        let opened = try await bank.counter.openAccount(loginID: loginID, branch: branch, type: type, by: .operator(name: "test"))
        guard let account = try await bank.database.read({ db in try await AccountRecords.find(db, id: opened.id) }) else {
            throw TestSetupError(description: "account \(opened.id) was not stored")
        }
        return account
    }

    /// The one way the tests register a customer (no accounts yet): `kyoei admin customer
    /// create` with the PC address `<loginID>@example.jp`.
    public static func enrol(_ bank: Bank, loginID: String, nameKanji: String = "田中 花子", nameKana: String = "ﾀﾅｶ ﾊﾅｺ",
                             mobileEmail: String? = nil, loginPassword: String = SeededCustomer.loginPassword,
                             confirmationPassword: String = SeededCustomer.confirmationPassword) async throws -> CustomerRecord {
        let created = try await bank.counter.createCustomer(CustomerApplication(
            loginID: loginID, nameKanji: nameKanji, nameKana: nameKana, pcEmail: "\(loginID)@example.jp", mobileEmail: mobileEmail,
            loginPassword: loginPassword, confirmationPassword: confirmationPassword), by: .operator(name: "test"))
        // The tests hold the store's row (with its hashes); the services hand out a summary.
        guard let customer = try await bank.database.read({ db in try await CustomerRecords.find(db, id: created.id) }) else {
            throw TestSetupError(description: "customer \(loginID) was not stored")
        }
        return customer
    }
}

extension StaffEnrollment {
    /// The code this member of staff's authenticator app shows at `date`, or `steps` steps
    /// (of the bank's staff TOTP parameters) away from it.
    public func code(_ bank: Bank, at date: Date, steps: Int = 0) throws -> String {
        guard let secret = Base32.decode(secretBase32) else { throw TestSetupError(description: "the TOTP secret is not base32") }
        let parameters = bank.settings.staff.totp
        return TOTP.code(secret: secret, at: date.addingTimeInterval(Double(steps * parameters.step)), parameters: parameters)
    }
}
