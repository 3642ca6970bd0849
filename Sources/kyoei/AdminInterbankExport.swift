import ArgumentParser
import BankCore
import BankServices
import Foundation

/// `kyoei admin interbank export` / `reexport`: the 全銀 総合振込 file the day's transfers to
/// other banks leave the bank in (the layout: BankCore/Zengin/ZenginTransferFile.swift).
struct ExportInterbank: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the day's accepted (受付済) transfers to other banks as a 全銀 総合振込 file and mark them sent (送信済) with its name. A transfer already in a file is never written again.")
    @OptionGroup var options: AdminOptions
    @Option(name: .long, help: "The day (JST) whose transfers to send, YYYY-MM-DD (default: today). Earlier ones still waiting go too.") var date: String?
    @Option(name: .long, help: "Where to write the file (default: its name, in the current directory). Never overwritten.") var out: String?

    func run() async throws {
        var day: JapanTime.Day?
        if let date {
            guard let parsed = JapanTime.Day(iso: date) else {
                throw options.usageError(field: "date", ja: "--date は YYYY-MM-DD の日付です", en: "--date must be a date, YYYY-MM-DD")
            }
            day = parsed
        }
        // Checked before anything is marked sent: a file that cannot be written is a refusal, not a lost batch.
        if let out, FileManager.default.fileExists(atPath: out) {
            throw options.refusal(field: "out", code: "exists", ja: "\(out) はすでにあります（上書きしません）", en: "\(out) exists (never overwritten)")
        }
        let file = try await options.perform { bank in
            try await bank.interbank.export(date: day ?? JapanTime.Day(containing: bank.clock.now()), by: .operator(name: options.staffName))
        }
        guard let file else {
            Output.emit(json: options.json, value: ["transfers": 0],
                        text: "全銀ファイルに載せる受付済の他行振込はありません (nothing to export)")
            return
        }
        let path = out ?? file.name
        try InterbankFileOutput.write(file, to: path, options: options)
        let view = InterbankFileOutput(file, path: path)
        Output.emit(json: options.json, value: view, text: "全銀ファイルを作成しました (Zengin file written): \(view.line)")
    }
}

struct ReexportInterbank: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reexport",
        abstract: "Write a file made before again, byte for byte (audited: handing the same file over twice pays twice).")
    @OptionGroup var options: AdminOptions
    @Argument(help: "The file's name, e.g. SOGOFURI_2999_20261125_01.dat.") var name: String
    @Option(name: .long, help: "Where to write it (default: its name, in the current directory). Never overwritten.") var out: String?

    func run() async throws {
        let path = out ?? name
        if FileManager.default.fileExists(atPath: path) {
            throw options.refusal(field: "out", code: "exists", ja: "\(path) はすでにあります（上書きしません）", en: "\(path) exists (never overwritten)")
        }
        let file = try await options.perform { bank in try await bank.interbank.reexport(name: name, by: .operator(name: options.staffName)) }
        try InterbankFileOutput.write(file, to: path, options: options)
        let view = InterbankFileOutput(file, path: path)
        Output.emit(json: options.json, value: view, text: "全銀ファイルを再出力しました (Zengin file written again): \(view.line)")
    }
}

struct ListInterbankFiles: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "files", abstract: "The 全銀 files made, newest first.")
    @OptionGroup var options: AdminOptions
    @Option(name: .long) var limit: Int = 50

    func run() async throws {
        let files = try await options.perform { bank in
            try await bank.interbank.files(limit: max(1, min(limit, 1_000)), by: .operator(name: options.staffName))
        }.map { InterbankFileOutput($0, path: nil) }
        Output.emit(json: options.json, value: files, text: files.isEmpty ? "(no Zengin files yet)" : files.map(\.line).joined(separator: "\n"))
    }
}

/// A 全銀 file as scripts read it.
struct InterbankFileOutput: Encodable {
    var name: String
    var businessDate: String
    var transferDate: String
    var transfers: Int
    var totalAmount: Int64
    var encoding: String
    var crlf: Bool
    var bytes: Int
    var sha256: String
    var createdBy: String
    var path: String?

    init(_ file: InterbankFileView, path: String?) {
        name = file.name; businessDate = file.businessDate; transferDate = file.transferDate; transfers = file.transfers
        totalAmount = file.totalAmount.value; encoding = file.encoding; crlf = file.lineEnding; bytes = file.content.count
        sha256 = file.sha256; createdBy = file.createdBy; self.path = path
    }

    enum CodingKeys: String, CodingKey {
        case name, businessDate = "business_date", transferDate = "transfer_date", transfers, totalAmount = "total_amount"
        case encoding, crlf, bytes, sha256, createdBy = "created_by", path
    }

    var line: String {
        "\(name)  受付日 \(businessDate)  振込指定日 \(transferDate)  \(transfers) 件  \(Yen(totalAmount).formatted)  \(bytes) bytes\(path.map { "  → \($0)" } ?? "")"
    }

    /// Writes the bytes to a new file (never over an existing one).
    static func write(_ file: InterbankFileView, to path: String, options: AdminOptions) throws {
        guard FileManager.default.createFile(atPath: path, contents: file.content, attributes: [.posixPermissions: 0o600]) else {
            throw options.refusal(field: "out", code: "write",
                                  ja: "\(path) に書けません。ファイルは記録済です: kyoei admin interbank reexport \(file.name) --out 別の場所",
                                  en: "cannot write \(path); the file is recorded: kyoei admin interbank reexport \(file.name) --out ELSEWHERE")
        }
    }
}
