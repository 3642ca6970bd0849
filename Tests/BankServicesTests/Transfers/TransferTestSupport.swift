import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// A customer of the transfer tests: the fixture world's seeded customer (an ordinary account
/// at 本店 (001) with money and a savings account at 吉田支店 (002)) under a kana name of their own.
typealias Party = SeededCustomer

extension SeededCustomer {
    var id: Int64 { customer.id }

    static func open(_ bank: Bank, loginID: String, kana: String, deposit: Int64 = 1_000_000) async throws -> Party {
        try await SeededCustomer.create(bank, loginID: loginID, nameKanji: "試験 太郎", nameKana: kana,
                                        mobileEmail: "\(loginID).mobile@example.jp", deposit: String(deposit))
    }

    /// 他口座 in this bank, typed by hand (the name may stay empty: the ledger knows it).
    func typed(_ account: AccountRecord, holderName: String = "") -> DestinationChoice {
        .other(bankCode: "2999", branchCode: account.branchCode, accountType: account.accountType.rawValue,
               accountNumber: account.accountNumber, holderName: holderName)
    }
}

/// Everything the transfer tests share: the fixture world (BankTestSupport's `BankWorld`), a
/// payer (田中) and a payee (鈴木) with two accounts each, and the demo bank directory.
struct TransferWorld: BankWorldHolding {
    let world: BankWorld
    let payer: Party
    let payee: Party

    static let client = ClientInfo(ip: "192.0.2.44", userAgent: "TransferTest")
    static let session: [Credential] = [.loginPassword]
    /// 架空サンプル銀行 本店営業部 in the demo directory.
    static let otherBank = DestinationChoice.other(bankCode: "0998", branchCode: "100", accountType: "ordinary",
                                                   accountNumber: "7654321", holderName: "ｶｸｳ ｼﾞﾛｳ")

    /// Fixed settings: the standard fee table, a daily limit, the test key ring.
    static func settings(dailyLimit: Int64 = 1_000_000, lockoutLimit: Int = 5) -> BankSettings {
        var settings = BankSettings(lockout: LockoutPolicy(limit: lockoutLimit), secretKeys: TestDatabases.secretKeys)
        // Many typed in-bank accounts: the hourly name-lookup allowance is not what these tests test.
        settings.transfers = TransferSettings(fees: .standard, dailyLimit: Yen(dailyLimit), nameLookupsPerHour: 100_000)
        return settings
    }

    static func with(_ engine: DatabaseEngine, settings: BankSettings = TransferWorld.settings(),
                     _ body: (TransferWorld) async throws -> Void) async throws {
        try await BankWorld.with(engine, settings: settings) { world in
            let bank = world.bank
            _ = try await bank.directory.importCSV(BankDirectoryCSV.demo, by: .operator(name: "test"))
            let payer = try await Party.open(bank, loginID: "tanaka01", kana: "ﾀﾅｶ ﾊﾅｺ")
            let payee = try await Party.open(bank, loginID: "suzuki01", kana: "ｽｽﾞｷ ｲﾁﾛｳ", deposit: 50_000)
            try await body(TransferWorld(world: world, payer: payer, payee: payee))
        }
    }

    /// A session cookie value of the form the site hands out (64 hex digits).
    static func cookie() -> String {
        (UUID().uuidString + UUID().uuidString).replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// 確認画面 then 実行, as one customer in one session.
    @discardableResult
    func transfer(_ party: Party, from source: AccountRecord, to choice: DestinationChoice, amount: String,
                  cookie: String = TransferWorld.cookie(), mailPassword: String = "") async throws -> TransferOutcome {
        let confirmation = try await bank.transfers.prepare(by: .customer(id: party.id), sessionCookie: cookie, sourceAccountID: source.id,
                                                          choice: choice, amount: amount)
        return try await execute(party, confirmation, cookie: cookie, mailPassword: mailPassword)
    }

    @discardableResult
    func execute(_ party: Party, _ confirmation: TransferConfirmation, cookie: String,
                 confirmationPassword: String = SeededCustomer.confirmationPassword,
                 mailPassword: String = "") async throws -> TransferOutcome {
        try await bank.transfers.execute(by: .customer(id: party.id), sessionCookie: cookie, nonce: confirmation.nonce,
                                       confirmationPassword: confirmationPassword, mailPassword: mailPassword,
                                       session: Self.session, client: Self.client)
    }

    func snapshot() async throws -> MoneySnapshot {
        try await MoneySnapshot.take(bank)
    }

    func audit(_ party: Party, event: String) async throws -> [AuditEvent] {
        try await audit(event: event, customerID: party.id)
    }

    func credential(_ party: Party, _ credential: Credential) async throws -> CredentialState {
        try await credentialState(customerID: party.id, credential)
    }

    /// The メール通知パスワード in the newest password mail to the customer.
    func mailedPassword(_ party: Party) async throws -> String {
        try await mailedPassword(customerID: party.id)
    }

    func expectLedgerConsistent(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let verification = try await bank.ledger.verify()
        #expect(verification.isConsistent, "ledger: \(verification)", sourceLocation: sourceLocation)
        #expect(verification.sumOfAllEntries == 0, sourceLocation: sourceLocation)
        #expect(verification.negativeBalances.isEmpty, sourceLocation: sourceLocation)
    }
}

/// What a refused request must not change: every balance, the transfers, the ledger and the outbox.
struct MoneySnapshot: Equatable, Sendable {
    var balances: [Int64: Int64]
    var transfers: Int
    var ledgerTransactions: Int
    var outbox: Int

    func adding(outbox mails: Int) -> MoneySnapshot {
        var copy = self
        copy.outbox += mails
        return copy
    }

    static func take(_ bank: Bank) async throws -> MoneySnapshot {
        try await bank.database.read { db in
            var balances: [Int64: Int64] = [:]
            for account in try await AccountRecords.all(db) { balances[account.id] = account.balance.value }
            return MoneySnapshot(balances: balances, transfers: try await TransferRecords.list(db, limit: 100_000).count,
                                 ledgerTransactions: try await LedgerRecords.verify(db).transactions,
                                 outbox: try await OutboxRecords.list(db, limit: 100_000).count)
        }
    }
}

/// The mails the bank queued, as their recipients read them: forwards to the one mail reader
/// of the tests (BankTestSupport's TestMail and ParsedMessage).
enum MailText {
    static func body(_ mail: OutboxMail) throws -> String { try TestMail.body(mail) }

    /// The body of a whole RFC 5322 message as received: one base64 UTF-8 part.
    static func body(raw message: String, name: String = "message") throws -> String {
        try ParsedMessage(message).decodedBody()
    }

    static func subject(_ mail: OutboxMail) throws -> String { try TestMail.subject(mail) }

    /// `メール通知パスワード: XXXXXXXXXX` in the Japanese part.
    static func password(in body: String) -> String? { TestMail.mailPassword(in: body) }
}

struct TransferTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
