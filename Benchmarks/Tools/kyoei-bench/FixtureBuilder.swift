import BankCore
import BankServices
import BankStore
import Foundation
import SQLKit

/// One customer made for a run: its login, its 普通 account at 本店, and (in a transfer
/// ring) the 届出済み payee that is the next customer's account.
struct BenchCustomer: Sendable {
    var id: Int64
    var loginID: String
    var accountID: Int64
    var accountNumber: String
    var payeeID: Int64 = 0
}

/// Writes fixtures straight through the store (customers, accounts, sessions) and through
/// the services where the product's own steps are the only honest way (tokens, payees,
/// prepared transfers).
struct FixtureBuilder {
    let bank: Bank
    let passwords: FixturePasswords
    let client = ClientInfo(ip: "127.0.0.1", userAgent: "kyoei-bench")
    static let batch = 200

    /// `count` customers `prefix000001`… each with one account holding `balance` yen
    /// (deposited from the bank's cash account, so the ledger stays balanced).
    func customers(prefix: String, count: Int, balance: Int64) async throws -> [BenchCustomer] {
        let now = Date()
        let kana = try KanaName(validating: "ベンチ タロウ")
        var made: [BenchCustomer] = []
        for start in stride(from: 0, to: count, by: Self.batch) {
            let range = start..<min(count, start + Self.batch)
            made += try await bank.database.transaction { db in
                guard let cash = try await AccountRecords.internalAccount(db, code: "cash") else { throw StoreError.notFound }
                var batch: [BenchCustomer] = []
                for index in range {
                    let loginID = prefix + String(format: "%06d", index + 1)
                    let id = try await CustomerRecords.insert(db, NewCustomer(
                        loginID: loginID, nameKanji: "ベンチ 太郎", nameKana: kana,
                        pcEmail: try MailAddress(validating: "\(loginID)@example.jp"), mobileEmail: nil,
                        loginPasswordHash: passwords.loginHash, confirmationPasswordHash: passwords.confirmationHash), at: now)
                    let account = try await AccountRecords.open(db, customerID: id, branch: BranchCode(unchecked: "001"),
                                                                type: .ordinary, holderName: kana, at: now)
                    if balance > 0 {
                        _ = try await LedgerRecords.post(
                            db, kind: "counter_deposit", memo: "bench",
                            postings: [Posting(accountID: account.id, amount: Yen(balance)), Posting(accountID: cash.id, amount: Yen(-balance))],
                            actor: "staff:bench", at: now)
                    }
                    batch.append(BenchCustomer(id: id, loginID: loginID, accountID: account.id, accountNumber: account.accountNumber))
                }
                return batch
            }
        }
        return made
    }

    /// Sessions spread round-robin over `customers`; returns (cookie, csrf) pairs.
    func sessions(for customers: [Int64], count: Int, stage: SessionStage) async throws -> [(cookie: String, csrf: String)] {
        let now = Date()
        var made: [(cookie: String, csrf: String)] = []
        for start in stride(from: 0, to: count, by: Self.batch * 5) {
            let range = start..<min(count, start + Self.batch * 5)
            let pairs = range.map { _ in (cookie: bank.random.token256(), csrf: bank.random.token256()) }
            try await bank.database.transaction { db in
                for (offset, pair) in pairs.enumerated() {
                    let customerID = customers[(range.lowerBound + offset) % customers.count]
                    try await SessionRecords.insert(db, SessionRecord(
                        tokenHash: sessionKey(pair.cookie), customerID: customerID, stage: stage, csrfToken: pair.csrf,
                        factorsPresented: [.loginPassword], ip: client.ip, userAgent: client.userAgent, createdAt: now, lastSeenAt: now))
                }
            }
            made += pairs
        }
        return made
    }

    /// トークン発行, the app's set-up and 利用開始, as a customer and the token app do them;
    /// activated with the previous step's code, so the current one is free for the run.
    func activateToken(customerID: Int64) async throws -> (secret: [UInt8], step: Int64) {
        let issued = try await bank.otp.issueToken(by: .customer(id: customerID), mobileEmail: "m\(customerID)@example.jp",
                                               activationPassword: "2468", confirmationPassword: FixturePasswords.confirmation,
                                               session: [.loginPassword], client: client)
        let outcome = try await bank.tokenApp.provision(serviceID: bank.settings.otp.serviceID, userID: issued.userID,
                                                    activationPassword: "2468", client: client)
        guard case .provisioned(let secret, let parameters) = outcome else { throw SetupError("token not provisioned: \(outcome)") }
        let step = TOTP.step(at: Date(), step: parameters.step) - 1
        let code = TOTP.hotp(secret: secret, counter: UInt64(step), digits: parameters.digits, algorithm: parameters.algorithm)
        try await bank.otp.activateToken(by: .customer(id: customerID), code: code, sessionCookie: nil, client: client)
        return (secret, step)
    }

    /// A ring of customers, each with the next one's account as its 届出済み振込先 (同一店内,
    /// so no fee), the way the counter registers them.
    func transferRing(prefix: String, count: Int, balance: Int64) async throws -> [BenchCustomer] {
        try await ensureDirectory()
        var ring = try await customers(prefix: prefix, count: count, balance: balance)
        for index in ring.indices {
            let next = ring[(index + 1) % ring.count]
            let payee = try await bank.counter.registerBankPayee(
                loginID: ring[index].loginID,
                PayeeForm(bankCode: bank.settings.bankCode, branchCode: "001", accountType: "ordinary",
                          accountNumber: next.accountNumber, holderName: ""),
                by: .operator(name: "bench"))
            ring[index].payeeID = payee.record.id
        }
        return ring
    }

    /// Destinations are checked against the bank/branch master: load the demo one (this
    /// bank and its branches) when none was imported.
    func ensureDirectory() async throws {
        if try await bank.directory.banks().isEmpty {
            _ = try await bank.directory.importCSV(BankDirectoryCSV.demo, by: .operator(name: "bench"))
        }
    }

    /// Mail the fixture caused (token notices) would be delivered during the runs and
    /// skew them: it is nobody's mail, so it goes.
    func discardFixtureMail() async throws {
        try await bank.database.transaction { db in try await db.raw("DELETE FROM mail_outbox").run() }
    }
}

struct SetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
