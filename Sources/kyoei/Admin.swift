import ArgumentParser
import BankCore
import BankServices
import BankStore
import BankWeb
import Foundation

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Back-office operations at the bank's counter (事務管理部).",
        subcommands: [CustomerCommand.self, AccountCommand.self, Deposit.self, Withdraw.self, Unlock.self,
                      VerifyLedger.self, AuditCommand.self, MailCommand.self, OTPCommand.self, BanksCommand.self, HolidaysCommand.self, ScheduleCommand.self,
                      PayeeCommand.self, InterbankCommand.self, TransferLimitCommand.self, TransferCommand.self,
                      StaffCommand.self, BackupCommand.self, SecretsCommand.self])
}

/// Options every admin subcommand shares.
struct AdminOptions: ParsableArguments {
    @OptionGroup var common: CommonOptions
    @Option(name: .long, help: "Staff member recorded in the audit trail (default: $KYOEI_STAFF or $USER).")
    var staff: String?
    @Flag(name: .long, help: "Print JSON for scripts.") var json = false

    var staffName: String {
        staff ?? ProcessInfo.processInfo.environment["KYOEI_STAFF"] ?? ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.userName
    }

    /// Runs an operation; a refusal by the bank is printed in Japanese and English (or as
    /// JSON) and the command exits 1 with nothing changed.
    func perform<T>(_ body: (Bank) async throws -> T) async throws -> T {
        do {
            return try await common.withBank(body)
        } catch let error as BankError {
            report(error)
            throw ExitCode(1)
        }
    }

    /// A usage mistake the argument parser cannot see: printed like a refusal, exit code 2.
    func usageError(field: String, ja: String, en: String) -> ExitCode {
        printProblem(field: field, code: "usage", ja: ja, en: en)
        return ExitCode(2)
    }

    /// A refusal decided here rather than by the bank (say, a file it cannot use): exit code 1.
    func refusal(field: String, code: String, ja: String, en: String) -> ExitCode {
        printProblem(field: field, code: code, ja: ja, en: en)
        return ExitCode(1)
    }

    private func printProblem(field: String, code: String, ja: String, en: String) {
        if json {
            Output.printJSON(["errors": [["field": field, "code": code, "message_ja": ja, "message_en": en]]])
        } else {
            Output.error("エラー: \(ja) / \(en)")
        }
    }

    func report(_ error: BankError) {
        var problems: [ErrorView] = []
        switch error {
        case .invalidInput(let fields):
            problems = fields.map { ErrorView(field: $0.field, code: $0.messageKey, arguments: []) }
        case .directoryImport(let csv):
            // The clerk fixes the file: the line number, and (for scripts) the parser's own words.
            var view = ErrorView(field: "csv", code: csv.messageKey, arguments: csv.messageArguments)
            view.line = csv.line
            view.detail = csv.description
            problems = [view]
        case .holidayImport(let file):
            // The operator fixes the file: the field and line, and the parser's own words.
            var view = ErrorView(field: file.field, code: file.messageKey, arguments: file.messageArguments)
            view.line = file.line > 0 ? file.line : nil
            view.detail = file.description
            problems = [view]
        default:
            problems = [ErrorView(field: "", code: error.messageKey, arguments: Self.arguments(error))]
        }
        if json {
            Output.printJSON(["errors": problems])
        } else {
            for problem in problems {
                let prefix = problem.field.isEmpty ? "" : "\(problem.field): "
                Output.error("エラー: \(prefix)\(problem.messageJa) / \(problem.messageEn)")
            }
        }
    }

    /// The values a refusal's message names (`{0}`, `{1}` in the catalog).
    static func arguments(_ error: BankError) -> [String] {
        switch error {
        case .transferRefused(let refusal): refusal.messageArguments
        case .scheduleRefused(let refusal): refusal.messageArguments.map(\.iso)
        case .transferStatus(let status): [status]
        case .directoryImport(let csv): csv.messageArguments
        case .holidayImport(let file): file.messageArguments
        default: []
        }
    }
}

/// One refusal as scripts read it: `{"field", "code", "message_ja", "message_en"}`, plus the
/// CSV line for a refused import.
struct ErrorView: Encodable {
    var field: String
    var code: String
    var messageJa: String
    var messageEn: String
    var line: Int?
    var detail: String?

    init(field: String, code: String, arguments: [String]) {
        self.field = field
        self.code = code
        messageJa = Language.ja.text(code, arguments)
        messageEn = Language.en.text(code, arguments)
    }

    enum CodingKeys: String, CodingKey {
        case field, code, messageJa = "message_ja", messageEn = "message_en", line, detail
    }
}

/// Reads passwords one per line from standard input (never from arguments, which other
/// users can see in the process list). At a terminal the input is not echoed.
enum PasswordInput {
    static func read(prompt: String) -> String? {
        if isatty(STDIN_FILENO) == 1, let raw = getpass(prompt + ": ") {
            return String(cString: raw)
        }
        return readLine(strippingNewline: true)
    }
}

struct AccountOutput: Codable {
    var id: Int64
    var customerID: Int64?
    var branchCode: String
    var branchName: String
    var accountType: String
    var accountTypeLabel: String
    var accountNumber: String
    var holderName: String
    var balance: Int64
    var balanceFormatted: String

    init(_ account: AccountView) {
        id = account.id; customerID = account.customerID; branchCode = account.branchCode; branchName = account.branchNameJa
        accountType = account.accountType.rawValue; accountTypeLabel = Language.ja.text(account.accountType.labelKey)
        accountNumber = account.accountNumber; holderName = account.holderName
        balance = account.balance.value; balanceFormatted = account.balance.formatted
    }

    var line: String {
        "\(branchCode) \(branchName) \(accountTypeLabel) \(accountNumber)  \(holderName)  \(balanceFormatted)"
    }
}

struct CustomerOutput: Codable {
    var id: Int64
    var loginID: String
    var nameKanji: String
    var nameKana: String
    var pcEmail: String
    var mobileEmail: String?
    var status: String
    var createdAt: Date
    var lastLoginAt: Date?

    init(_ customer: CustomerSummary) {
        id = customer.id; loginID = customer.loginID; nameKanji = customer.nameKanji; nameKana = customer.nameKana
        pcEmail = customer.pcEmail; mobileEmail = customer.mobileEmail; status = customer.status.rawValue
        createdAt = customer.createdAt; lastLoginAt = customer.lastLoginAt
    }

    var line: String { "\(loginID)  \(nameKanji) (\(nameKana))  \(pcEmail)\(mobileEmail.map { " / " + $0 } ?? "")  \(status)" }
}
