import ArgumentParser
import BankCore
import BankServices
import BankStore
import Foundation

/// Builds the HTTP runs' fixture in a fresh database (before the server starts) and writes
/// it to a JSON file, plus the logged-in sessions' cookies one per line for wrk.
struct Setup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the HTTP runs' fixture.")
    @OptionGroup var database: DatabaseOption
    @Option(help: "Where to write the fixture (JSON).") var fixture: String
    @Option(help: "Where to write the logged-in sessions' cookie values, one a line.") var cookies: String
    @Option(help: "Customers without an extra factor (password logins, pages).") var passwordCustomers = 64
    @Option(help: "Logged-in sessions over those customers.") var sessions = 10_000
    @Option(help: "Customers with an active token for the password + OTP login run.") var otpLogins = 400
    @Option(help: "Sessions waiting for their code, one per customer with a token.") var otpPending = 1_000
    @Option(help: "Prepared 確認画面 for the HTTP 実行 run.") var executes = 800
    @Option(help: "Customers in the ring that the prepared transfers pay around.") var transferCustomers = 32
    @Option(help: "Token set-ups and preparations run at once.") var concurrency = 4

    func run() async throws {
        let began = monotonicSeconds()
        let passwords = try await FixturePasswords.make()
        let bank = try await BenchBank.open(url: try database.url, passwords: passwords)
        do {
            let fixture = try await build(FixtureBuilder(bank: bank, passwords: passwords))
            try fixture.save(self.fixture)
            try (fixture.sessions.joined(separator: "\n") + "\n").write(toFile: cookies, atomically: true, encoding: .utf8)
        } catch {
            await bank.database.close()
            throw error
        }
        await bank.database.close()
        let seconds = String(format: "%.1f", monotonicSeconds() - began)
        FileHandle.standardError.write(Data("kyoei-bench setup: fixture ready in \(seconds) s\n".utf8))
    }

    func build(_ builder: FixtureBuilder) async throws -> Fixture {
        let plain = try await builder.customers(prefix: "bp", count: passwordCustomers, balance: 1_234_567)
        let sessionPairs = try await builder.sessions(for: plain.map(\.id), count: sessions, stage: .authenticated)

        let withLogin = try await builder.customers(prefix: "bo", count: otpLogins, balance: 0)
        let loginTokens = try await concurrently(withLogin, limit: concurrency) { try await builder.activateToken(customerID: $0.id) }
        let withPending = try await builder.customers(prefix: "bq", count: otpPending, balance: 0)
        let pendingTokens = try await concurrently(withPending, limit: concurrency) { try await builder.activateToken(customerID: $0.id) }
        let pendingSessions = try await builder.sessions(for: withPending.map(\.id), count: withPending.count, stage: .otpPending)

        let ring = try await builder.transferRing(prefix: "bt", count: transferCustomers, balance: 1_000_000_000)
        let ringSessions = try await builder.sessions(for: ring.map(\.id), count: ring.count, stage: .authenticated)
        let bank = builder.bank
        let prepared = try await concurrently(Array(0..<executes), limit: concurrency) { index -> PreparedTransfer in
            let payer = index % ring.count
            let session = ringSessions[payer]
            let confirmation = try await bank.transfers.prepare(
                by: .customer(id: ring[payer].id), sessionCookie: session.cookie, sourceAccountID: ring[payer].accountID,
                choice: .bankPayee(id: ring[payer].payeeID), amount: "1")
            return PreparedTransfer(cookie: session.cookie, csrf: session.csrf, nonce: confirmation.nonce)
        }
        try await builder.discardFixtureMail()

        return Fixture(
            passwords: builder.passwords,
            passwordLogins: plain.map(\.loginID),
            otpLogins: zip(withLogin, loginTokens).map { OTPCustomer(loginID: $0.loginID, secret: $1.secret, lastStep: $1.step) },
            pendingOTP: zip(pendingSessions, pendingTokens).map {
                PendingOTP(cookie: $0.cookie, csrf: $0.csrf, secret: $1.secret, lastStep: $1.step)
            },
            executes: prepared,
            sessions: sessionPairs.map(\.cookie),
            transferRing: ring.map { RingPayer(loginID: $0.loginID, accountID: $0.accountID, payeeID: $0.payeeID) })
    }
}

/// `body` over every item with at most `limit` running at once; results in item order.
func concurrently<Item: Sendable, Value: Sendable>(_ items: [Item], limit: Int,
                                                   _ body: @escaping @Sendable (Item) async throws -> Value) async throws -> [Value] {
    try await withThrowingTaskGroup(of: (Int, Value).self) { group in
        var results = [Value?](repeating: nil, count: items.count)
        var next = 0
        func start() {
            guard next < items.count else { return }
            let index = next, item = items[index]
            next += 1
            group.addTask { (index, try await body(item)) }
        }
        for _ in 0..<max(1, limit) { start() }
        while let (index, value) = try await group.next() {
            results[index] = value
            start()
        }
        return results.map { $0! }
    }
}
