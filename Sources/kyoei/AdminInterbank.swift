import ArgumentParser
import BankCore
import BankServices
import BankStore
import Foundation

/// `kyoei admin interbank …`: transfers to other banks. The site debits the customer at once
/// into the interbank clearing account and marks the transfer 受付済 (accepted); the clerk
/// hands it to the interbank batch (sent), or books it back when the other bank returns it.
struct InterbankCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interbank", abstract: "他行振込 (transfers to other banks): list, export the 全銀 file, mark sent, return.",
        subcommands: [ListInterbank.self, ExportInterbank.self, ReexportInterbank.self, ListInterbankFiles.self,
                      MarkInterbankSent.self, ReturnInterbank.self])
}

struct ListInterbank: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Transfers to other banks, newest first.")
    @OptionGroup var options: AdminOptions
    @Option(name: .long, help: "Only this status: accepted (受付済), sent or returned.") var status: String?
    @Option(name: .long) var limit: Int = 200

    func run() async throws {
        var filter: TransferStatus?
        if let status {
            // `completed` is for transfers inside the bank: never one of these.
            guard let parsed = TransferStatus(rawValue: status), parsed != .completed else {
                throw options.usageError(field: "status", ja: "--status は accepted / sent / returned のいずれかです",
                                         en: "--status must be accepted, sent or returned")
            }
            filter = parsed
        }
        let transfers = try await options.perform { bank in
            try await bank.interbank.list(status: filter, limit: max(1, min(limit, 10_000)))
        }.map(TransferOutput.init)
        Output.emit(json: options.json, value: transfers,
                    text: transfers.isEmpty ? "(no transfers to other banks)" : transfers.map(\.line).joined(separator: "\n"))
    }
}

struct MarkInterbankSent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark-sent", abstract: "Record that an accepted (受付済) transfer was handed to the interbank batch. Only once.")
    @OptionGroup var options: AdminOptions
    @Argument(help: "The transfer's id (from interbank list).") var id: Int64

    func run() async throws {
        let transfer = try await options.perform { bank in try await bank.interbank.markSent(id: id, by: .operator(name: options.staffName)) }
        Output.emit(json: options.json, value: TransferOutput(transfer), text: "送信済みにしました (marked sent): \(TransferOutput(transfer).line)")
    }
}

struct ReturnInterbank: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return",
        abstract: "資金返却: the other bank could not credit it. The amount goes back to the customer's account (the fee stays); the customer is mailed.")
    @OptionGroup var options: AdminOptions
    @Argument(help: "The transfer's id (from interbank list).") var id: Int64
    @Option(name: .long, help: "Why it came back (one line, kept in the audit trail and told to the customer).") var reason: String

    func run() async throws {
        let transfer = try await options.perform { bank in
            try await bank.interbank.returnTransfer(id: id, reason: reason, by: .operator(name: options.staffName))
        }
        Output.emit(json: options.json, value: TransferOutput(transfer),
                    text: "資金返却しました (returned; the customer has been mailed): \(TransferOutput(transfer).line)")
    }
}
