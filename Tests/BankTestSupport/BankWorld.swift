import BankCore
import BankServices
import BankStore
import Foundation
import Logging

/// The one fixture world of the tests: a bank on a fresh database with the manual clock
/// (2026-11-25 10:00 JST), the tests' key ring and cheap Argon2id. The web tests' `Site` is this
/// world plus an HTTP client and the seeded customer; the service tests' `TransferWorld` is this
/// world plus its two parties, `StaffWorld` this world as it is. What any of them reads or does
/// on the bank is written once, in `BankWorldHolding` below.
public struct BankWorld: BankWorldHolding {
    public let bank: Bank
    public let clock: ManualClock

    public init(bank: Bank, clock: ManualClock) {
        self.bank = bank
        self.clock = clock
    }

    public var world: BankWorld { self }

    /// A new world on `engine`, dropped after `body`. `random` is the system's unless a test
    /// needs the same bytes every run (the screen snapshots pass `SeededRandom`).
    public static func with<T>(_ engine: DatabaseEngine = .sqlite, settings: BankSettings = BankSettings(),
                               random: any RandomSource = SystemRandomSource(), logger: Logger = TestDatabases.logger,
                               _ body: (BankWorld) async throws -> T) async throws -> T {
        let clock = ManualClock()
        return try await TestDatabases.withBank(engine, clock: clock, settings: settings, random: random, logger: logger) { bank in
            try await body(BankWorld(bank: bank, clock: clock))
        }
    }
}

/// The members of staff of the fixture world. The web tests log in as the 事務担当 (operator),
/// the service tests mostly as the 役席 (supervisor); tests assert their names.
public struct StaffMember: Sendable {
    public let staffID: String
    public let name: String
    public let role: StaffRole
    public let password: String

    public static let clerk = StaffMember(staffID: "clerk01", name: "窓口 一郎", role: .operator, password: "Madoguchi2026pw")
    public static let supervisor = StaffMember(staffID: "yamada01", name: "山田 一郎", role: .supervisor, password: "Kanri2026pass")
}

/// A fixture that lives in a `BankWorld` (the world itself, `Site`, `TransferWorld`,
/// `StaffWorld`): it gets the world's bank, clock and every shared helper.
public protocol BankWorldHolding: Sendable {
    var world: BankWorld { get }
}

extension BankWorldHolding {
    public var bank: Bank { world.bank }
    public var clock: ManualClock { world.clock }

    // MARK: staff

    /// `kyoei admin staff create`, on this world's bank.
    @discardableResult
    public func enrollStaff(_ staffID: String, name: String, role: StaffRole, password: String) async throws -> StaffEnrollment {
        try await bank.staff.create(staffID: staffID, name: name, role: role, password: password, by: .operator(name: "test"))
    }

    /// The code the member of staff's authenticator app shows now (or `steps` steps away).
    public func staffCode(_ enrollment: StaffEnrollment, steps: Int = 0) throws -> String {
        try enrollment.code(bank, at: clock.now(), steps: steps)
    }

    // MARK: reading the database

    /// Audit rows, newest first, optionally of one event or one customer only.
    public func audit(event: String? = nil, customerID: Int64? = nil) async throws -> [AuditEvent] {
        try await bank.database.read { db in try await AuditRecords.list(db, customerID: customerID, event: event, limit: 1_000) }
    }

    /// Customer sessions stored.
    public func sessionCount() async throws -> Int {
        try await bank.database.read { db in try await SessionRecords.count(db) }
    }

    public func staffSessionCount() async throws -> Int {
        try await bank.database.read { db in try await StaffSessionRecords.count(db) }
    }

    public func account(_ id: Int64) async throws -> AccountRecord {
        guard let account = try await bank.database.read({ db in try await AccountRecords.find(db, id: id) }) else {
            throw TestSetupError(description: "no account \(id)")
        }
        return account
    }

    public func balance(accountID: Int64) async throws -> Int64 { try await account(accountID).balance.value }
    public func balance(_ id: Int64) async throws -> Int64 { try await balance(accountID: id) }
    public func balance(_ account: AccountRecord) async throws -> Int64 { try await balance(accountID: account.id) }

    /// The balance of one of the bank's own accounts (`cash`, `interbank_clearing`, `fee_income`).
    public func internalBalance(_ code: String) async throws -> Int64 {
        guard let account = try await bank.database.read({ db in try await AccountRecords.internalAccount(db, code: code) }) else {
            throw TestSetupError(description: "no internal account \(code)")
        }
        return account.balance.value
    }

    /// Every mail queued so far of one kind, newest first.
    public func outbox(kind: String) async throws -> [OutboxMail] {
        try await bank.database.read { db in try await OutboxRecords.list(db, limit: 1_000) }.filter { $0.kind == kind }
    }

    public func credentialState(customerID: Int64, _ credential: Credential) async throws -> CredentialState {
        try await bank.database.read { db in try await CredentialRecords.state(db, customerID: customerID, credential: credential) }
    }

    /// The password in the newest メール通知パスワード mail (to `customerID`, or to anyone), read
    /// as the customer reads it.
    public func mailedPassword(customerID: Int64? = nil) async throws -> String {
        let mails = try await outbox(kind: "mail_password")
        guard let mail = mails.first(where: { customerID == nil || $0.customerID == customerID }),
              let password = TestMail.mailPassword(in: try TestMail.body(mail)) else {
            throw TestSetupError(description: "no メール通知パスワード mail")
        }
        return password
    }
}
