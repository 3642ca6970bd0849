import ArgumentParser
import BankCore
import BankServices
import BankStore
import Foundation

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "account", abstract: "Accounts: open, list.",
                                                    subcommands: [OpenAccount.self, ListAccounts.self])
}

struct OpenAccount: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open an account; the 7-digit number is assigned.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id")) var loginID: String
    @Option(name: .long, help: "Branch code (3 digits), e.g. 001 本店.") var branch: String
    @Option(name: .long, help: "ordinary (普通), current (当座) or savings (貯蓄).") var type: String

    func run() async throws {
        guard let accountType = AccountType(input: type) else {
            throw options.usageError(field: "type", ja: "科目は ordinary(普通) / current(当座) / savings(貯蓄) のいずれかです",
                                     en: "--type must be ordinary, current or savings")
        }
        let account = try await options.perform { bank in
            try await bank.counter.openAccount(loginID: loginID, branch: branch, type: accountType, by: .operator(name: options.staffName))
        }
        Output.emit(json: options.json, value: AccountOutput(account), text: "口座を開設しました (account opened): \(AccountOutput(account).line)")
    }
}

struct ListAccounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List accounts (all, or one customer's).")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id")) var loginID: String?

    func run() async throws {
        let accounts = try await options.perform { bank in try await bank.counter.accounts(loginID: loginID) }.map(AccountOutput.init)
        Output.emit(json: options.json, value: accounts, text: accounts.isEmpty ? "(no accounts)" : accounts.map(\.line).joined(separator: "\n"))
    }
}

/// Options of a counter posting.
struct CounterOptions: ParsableArguments {
    @Option(name: .long, help: "Branch code (3 digits).") var branch: String
    @Option(name: .long, help: "Account number (7 digits).") var account: String
    @Option(name: .long, help: "Amount in yen (whole yen).") var amount: String
    @Option(name: .long, help: "Memo shown on the statement (摘要), optional.") var memo: String = ""
}

struct CounterReceipt: Codable {
    var transactionID: Int64
    var accountID: Int64
    var amount: Int64
    var balanceAfter: Int64
    var balanceAfterFormatted: String
}

func postCounter(_ direction: CounterDirection, options: AdminOptions, counter: CounterOptions) async throws {
    let line = try await options.perform { bank in
        try await bank.counter.post(direction, branch: counter.branch, accountNumber: counter.account, amount: counter.amount,
                                   memo: counter.memo, by: .operator(name: options.staffName))
    }
    let receipt = CounterReceipt(transactionID: line.transactionID, accountID: line.accountID, amount: line.amount.value,
                                 balanceAfter: line.balanceAfter.value, balanceAfterFormatted: line.balanceAfter.formatted)
    let verb = direction == .deposit ? "入金しました (deposited)" : "出金しました (withdrawn)"
    Output.emit(json: options.json, value: receipt,
                text: "\(verb): \(Yen(abs(line.amount.value)).formatted)  残高 (balance) \(line.balanceAfter.formatted)  取引番号 (transaction) \(line.transactionID)")
}

struct Deposit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Counter deposit (窓口入金) into a customer's account.")
    @OptionGroup var options: AdminOptions
    @OptionGroup var counter: CounterOptions
    func run() async throws { try await postCounter(.deposit, options: options, counter: counter) }
}

struct Withdraw: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Counter withdrawal (窓口出金) from a customer's account.")
    @OptionGroup var options: AdminOptions
    @OptionGroup var counter: CounterOptions
    func run() async throws { try await postCounter(.withdrawal, options: options, counter: counter) }
}

struct Unlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Clear a customer's credential lock(s) after checking identity.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id")) var loginID: String
    @Option(name: .long, help: "One of: \(Credential.allCases.map(\.rawValue).joined(separator: ", ")) (default: all).")
    var credential: String?

    func run() async throws {
        var selected: Credential?
        if let credential {
            guard let parsed = Credential(rawValue: credential) else {
                let names = Credential.allCases.map(\.rawValue).joined(separator: ", ")
                throw options.usageError(field: "credential", ja: "--credential は \(names) のいずれかです", en: "--credential must be one of \(names)")
            }
            selected = parsed
        }
        let cleared = try await options.perform { bank in
            try await bank.counter.unlock(loginID: loginID, credential: selected, by: .operator(name: options.staffName))
        }
        Output.emit(json: options.json, value: ["cleared": cleared.map(\.rawValue)],
                    text: cleared.isEmpty ? "ロックされている認証情報はありません (nothing was locked)."
                        : "ロックを解除しました (unlocked): \(cleared.map(\.rawValue).joined(separator: ", "))")
    }
}

struct VerifyLedger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-ledger",
        abstract: "Check the double-entry invariant; exits 1 when it does not hold.")
    @OptionGroup var options: AdminOptions

    func run() async throws {
        let result = try await options.perform { bank in try await bank.ledger.verify() }
        struct View: Encodable {
            let consistent: Bool
            let verification: LedgerVerification
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(consistent, forKey: Key("consistent"))
                try verification.encode(to: encoder)
            }
            struct Key: CodingKey {
                var stringValue: String
                var intValue: Int? { nil }
                init(_ value: String) { stringValue = value }
                init?(stringValue: String) { self.stringValue = stringValue }
                init?(intValue: Int) { nil }
            }
        }
        let text = """
            \(result.isConsistent ? "OK: 元帳は整合しています (ledger is consistent)" : "NG: 元帳に不整合があります (LEDGER INCONSISTENT)")
              accounts=\(result.accounts) transactions=\(result.transactions) entries=\(result.entries) sum=\(result.sumOfAllEntries)
              unbalanced transactions=\(result.unbalancedTransactions) mismatched accounts=\(result.mismatchedAccounts.map(\.accountID)) negative=\(result.negativeBalances)
            """
        Output.emit(json: options.json, value: View(consistent: result.isConsistent, verification: result), text: text)
        if !result.isConsistent { throw ExitCode(1) }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Show the audit trail, newest first.")
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("login-id")) var loginID: String?
    @Option(name: .long) var limit: Int = 50

    func run() async throws {
        let events = try await options.perform { bank in try await bank.audit.trail(loginID: loginID, limit: max(1, min(limit, 10_000))) }
        let lines = events.map { event in
            "\(JapanTime.isoDateTime(event.at)) \(event.event) \(event.result.rawValue) actor=\(event.actor) customer=\(event.customerID.map(String.init) ?? "-") ip=\(event.ip) in_force=\(FactorRecord.encode(event.factors.inForce)) presented=\(FactorRecord.encode(event.factors.presented)) \(event.detail)"
        }
        Output.emit(json: options.json, value: events, text: lines.joined(separator: "\n"))
    }
}
