import ArgumentParser
import BankCore
import BankServices
import BankStore
import Foundation
import Synchronization

/// Transfers through the services layer, in this process, on the bank's database: no HTTP
/// and no Argon2. Two things are measured, and named so in the table:
/// - `posting`: the money movement alone — one database transaction holding one ledger
///   transaction (its row with an idempotency key, two entries, two balance updates):
///   what one TPC-B transaction is to pgbench.
/// - `execute`: `bank.transfers.execute`, everything 実行 does (nonce claim, daily limit,
///   funds, ledger, transfer row, mail outbox, audit, counters) with the 確認用パスワード
///   check answered by `FixtureHasher` instead of Argon2id. The 確認画面 (bank.transfers.prepare)
///   is made beforehand and not timed.
/// Each client pays from its own customers (a transfer locks its payer) to the next
/// customer in a ring, 1円 at a time. The ledger invariant is checked afterwards.
struct TransferRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "transfers", abstract: "Transfers through the services layer.")
    enum Mode: String, ExpressibleByArgument { case posting, execute }

    @OptionGroup var database: DatabaseOption
    @Option(help: "posting (the ledger transaction alone) or execute (bank.transfers.execute, hash stubbed).") var mode: Mode = .posting
    @Option(help: "Concurrent clients.") var clients = 1
    @Option(help: "Seconds to run (posting).") var seconds = 10.0
    @Option(help: "Transfers to execute (execute).") var count = 2_000
    @Option(help: "Customers per client.") var customersPerClient = 4
    @Option(help: "Login ID prefix of this run's customers (2–4 letters, new per run).") var prefix: String
    @Option(help: "Engine label for the table.") var engine = ""

    func run() async throws {
        let passwords = try await FixturePasswords.make()
        let bank = try await BenchBank.open(url: try database.url, passwords: passwords)
        do {
            try await measure(bank, passwords: passwords)
        } catch {
            await bank.database.close()
            throw error
        }
        await bank.database.close()
    }

    func measure(_ bank: Bank, passwords: FixturePasswords) async throws {
        let builder = FixtureBuilder(bank: bank, passwords: passwords)
        let ring = try await builder.transferRing(prefix: prefix, count: clients * customersPerClient, balance: 1_000_000_000)
        let outcome: LoadOutcome
        switch mode {
        case .posting:
            outcome = try await runLoad(clients: clients, items: nil, seconds: seconds, makeWorker: { client in
                Array(ring[(client * customersPerClient)..<((client + 1) * customersPerClient)])
            }, operation: { payers, item in
                let payer = payers[item % payers.count]
                let payee = ring[(ring.firstIndex { $0.id == payer.id }! + 1) % ring.count]
                try await bank.database.transaction { db in
                    _ = try await LedgerRecords.post(
                        db, kind: "transfer", memo: "bench",
                        postings: [Posting(accountID: payer.accountID, amount: Yen(-1)), Posting(accountID: payee.accountID, amount: Yen(1))],
                        idempotencyKey: "bench:\(prefix):\(item)", actor: "customer:\(payer.loginID)", at: Date())
                }
                return true
            })
        case .execute:
            let sessions = try await builder.sessions(for: ring.map(\.id), count: ring.count, stage: .authenticated)
            let perClient = count / clients
            var slices: [PreparedSlice] = []
            for client in 0..<clients {
                let mine = Array((client * customersPerClient)..<((client + 1) * customersPerClient))
                let prepared = try await concurrently(Array(0..<perClient), limit: 4) { index -> (Int, String) in
                    let payer = mine[index % mine.count]
                    let confirmation = try await bank.transfers.prepare(
                        by: .customer(id: ring[payer].id), sessionCookie: sessions[payer].cookie, sourceAccountID: ring[payer].accountID,
                        choice: .bankPayee(id: ring[payer].payeeID), amount: "1")
                    return (payer, confirmation.nonce)
                }
                slices.append(PreparedSlice(items: prepared))
            }
            let client = ClientInfo(ip: "127.0.0.1", userAgent: "kyoei-bench")
            let prepared = slices
            outcome = try await runLoad(clients: clients, items: nil, seconds: nil, makeWorker: { prepared[$0] }, operation: { slice, _ in
                guard let (payer, nonce) = slice.next() else { return false }
                let result = try await bank.transfers.execute(
                    by: .customer(id: ring[payer].id), sessionCookie: sessions[payer].cookie, nonce: nonce,
                    confirmationPassword: FixturePasswords.confirmation, mailPassword: "", session: [.loginPassword], client: client)
                if result.replayed { throw SetupError("a prepared transfer was replayed") }
                return true
            })
        }
        let verification = try await bank.database.read { db in try await LedgerRecords.verify(db) }
        var result = RunResult(name: "transfer_\(mode.rawValue)", engine: engine, clients: clients, latencies: outcome.latencies,
                               errors: outcome.errors)
        result.ledgerOK = verification.isConsistent
        result.print()
        if !verification.isConsistent { throw SetupError("ledger invariant broken: \(verification)") }
    }
}

/// One client's prepared confirmations (payer index, nonce), taken in order.
final class PreparedSlice: Sendable {
    let items: [(Int, String)]
    private let cursor = Atomic<Int>(0)
    init(items: [(Int, String)]) { self.items = items }

    func next() -> (Int, String)? {
        let index = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < items.count ? items[index] : nil
    }
}

/// `kyoei admin verify-ledger` for the bench scripts: one JSON line, exit 1 when broken.
struct VerifyLedger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify-ledger", abstract: "Check the ledger invariant.")
    @OptionGroup var database: DatabaseOption
    @Option(help: "Engine label for the table.") var engine = ""

    func run() async throws {
        let passwords = FixturePasswords(loginHash: "-", confirmationHash: "-")
        let bank = try await BenchBank.open(url: try database.url, passwords: passwords)
        let verification: LedgerVerification
        do {
            verification = try await bank.database.read { db in try await LedgerRecords.verify(db) }
        } catch {
            await bank.database.close()
            throw error
        }
        await bank.database.close()
        print("{\"name\":\"ledger_http\",\"engine\":\"\(engine)\",\"ledger_ok\":\(verification.isConsistent),\"transactions\":\(verification.transactions)}")
        if !verification.isConsistent { throw ExitCode(1) }
    }
}
