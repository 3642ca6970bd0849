import ArgumentParser
import BankCore
import BankServices
import BankStore
import Foundation

/// `kyoei admin banks …`: the bank/branch master (金融機関・店舗マスタ) that transfers to
/// other banks are checked against.
struct BanksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "banks", abstract: "The bank/branch master (金融機関・店舗マスタ): import a CSV, list banks, show branches.",
        subcommands: [ImportBanks.self, ListBanks.self, ShowBanks.self])
}

struct ImportBanks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load the master from a UTF-8 CSV (header bank_code,bank_name,bank_name_kana,branch_code,branch_name,branch_name_kana). New codes are added, known ones renamed; a file with any bad line imports nothing.")
    @OptionGroup var options: AdminOptions
    @Argument(help: "The CSV file, e.g. data/banks-demo.csv.") var file: String

    struct Imported: Encodable {
        var file: String
        var banks: Int
        var branches: Int
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw options.usageError(field: "file", ja: "ファイル \(file) を読めません", en: "cannot read the file \(file)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            // The real master often comes as Shift_JIS: say what to do rather than mis-read it.
            throw options.refusal(field: "file", code: "encoding",
                                  ja: "\(file) は UTF-8 ではありません。UTF-8 に変換してから取り込んでください",
                                  en: "\(file) is not UTF-8: convert it first (e.g. iconv -f SHIFT_JIS -t UTF-8)")
        }
        let counts = try await options.perform { bank in try await bank.directory.importCSV(text, by: .operator(name: options.staffName)) }
        let view = Imported(file: file, banks: counts.banks, branches: counts.branches)
        Output.emit(json: options.json, value: view,
                    text: "金融機関・店舗マスタを取り込みました (bank directory imported): 金融機関 \(view.banks) 件 (banks), 店舗 \(view.branches) 件 (branches)")
    }
}

struct ListBanks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every bank in the master, with its number of branches.")
    @OptionGroup var options: AdminOptions

    struct View: Encodable {
        var bankCode: String
        var bankName: String
        var bankNameKana: String
        var branches: Int
        enum CodingKeys: String, CodingKey {
            case bankCode = "bank_code", bankName = "bank_name", bankNameKana = "bank_name_kana", branches
        }
    }

    func run() async throws {
        let banks = try await options.perform { bank in try await bank.directory.banks() }
            .map { View(bankCode: $0.code, bankName: $0.name, bankNameKana: $0.nameKana, branches: $0.branches) }
        Output.emit(json: options.json, value: banks,
                    text: banks.isEmpty ? "(no banks: kyoei admin banks import FILE.csv)"
                        : banks.map { "\($0.bankCode) \($0.bankName) (\($0.bankNameKana))  店舗 \($0.branches)" }.joined(separator: "\n"))
    }
}

struct ShowBanks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One bank's branches, or one branch.")
    @OptionGroup var options: AdminOptions
    @Option(name: .long, help: "Bank code (4 digits), e.g. 0998.") var bank: String
    @Option(name: .long, help: "Branch code (3 digits), e.g. 201.") var branch: String?

    func run() async throws {
        let branches = try await options.perform { service in
            try await service.directory.branches(bankCode: bank, branchCode: branch)
        }.map(BranchOutput.init)
        Output.emit(json: options.json, value: branches, text: branches.map(\.line).joined(separator: "\n"))
    }
}

/// A branch of the master as scripts see it.
struct BranchOutput: Encodable {
    var bankCode: String
    var bankName: String
    var bankNameKana: String
    var branchCode: String
    var branchName: String
    var branchNameKana: String

    init(_ entry: BankBranchName) {
        bankCode = entry.bankCode; bankName = entry.bankName; bankNameKana = entry.bankNameKana
        branchCode = entry.branchCode; branchName = entry.branchName; branchNameKana = entry.branchNameKana
    }

    enum CodingKeys: String, CodingKey {
        case bankCode = "bank_code", bankName = "bank_name", bankNameKana = "bank_name_kana"
        case branchCode = "branch_code", branchName = "branch_name", branchNameKana = "branch_name_kana"
    }

    var line: String { "\(bankCode)-\(branchCode) \(bankName) \(branchName) (\(bankNameKana) \(branchNameKana))" }
}
