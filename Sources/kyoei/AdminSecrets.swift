import ArgumentParser
import BankServices
import Foundation

/// Key rotation: `kyoei admin secrets status` and `kyoei admin secrets reseal`.
struct SecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets", abstract: "Sealed secrets and KYOEI_SECRET_KEYS: which key seals what; re-seal under the first key.",
        subcommands: [SecretsStatus.self, SecretsReseal.self])
}

struct SecretsStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "How many sealed secrets (and keyed hashes still waiting to be used) each key of KYOEI_SECRET_KEYS holds.")
    @OptionGroup var options: AdminOptions

    func run() async throws {
        let status = try await options.perform { bank in try await bank.secrets.status(by: .operator(name: options.staffName)) }
        Output.emit(json: options.json, value: status, text: SecretsText.status(status))
    }
}

struct SecretsReseal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reseal",
        abstract: "Re-encrypt every sealed secret under the first key of KYOEI_SECRET_KEYS, in batches, while the bank serves.",
        discussion: """
            Run it after every server has been restarted with the new key first and the old one second.
            Each batch is one short transaction and one audit row; a run interrupted at any point is
            resumed by running it again (only values not under the first key are looked at). Exits 1
            when a value cannot be opened with any key of the ring (listed; never changed).
            """)
    @OptionGroup var options: AdminOptions
    @Option(name: .customLong("batch-size"), help: "Rows per transaction.") var batchSize = 100
    @Option(name: .customLong("pause-ms"), help: "Pause between batches, leaving the writer to the bank.") var pauseMilliseconds = 20

    func run() async throws {
        let json = options.json
        let report = try await options.perform { bank in
            try await bank.secrets.reseal(batchSize: batchSize, pause: .milliseconds(max(0, pauseMilliseconds)),
                                          by: .operator(name: options.staffName)) { batch in
                guard !json else { return }
                print("\(batch.column): \(batch.resealed) resealed, \(batch.skipped) changed meanwhile, "
                      + "\(batch.unreadable.count) unreadable (up to id \(batch.lastID))")
                fflush(nil)
            }
        }
        Output.emit(json: json, value: report, text: """
            \(report.unreadable.isEmpty ? "OK" : "NG"): \(report.resealed) 件を鍵 \(report.keyID) で再暗号化しました (resealed under key \(report.keyID)); \
            \(report.skipped) changed meanwhile, \(report.unreadable.count) unreadable \(report.unreadable.prefix(20))
            \(SecretsText.status(report.after))
            """)
        if !report.unreadable.isEmpty { throw ExitCode(1) }
    }
}

enum SecretsText {
    static func status(_ status: SecretStatus) -> String {
        var lines = ["keys (first seals): \(status.keyIDs.joined(separator: ", "))"]
        func line(_ column: SecretColumnStatus) -> String {
            let keys = status.keyIDs.map { "\($0)=\(column.byKey[$0] ?? 0)" }.joined(separator: " ")
            return "  \(column.column): \(column.total) (\(keys) other=\(column.other))"
        }
        lines.append("sealed secrets:")
        lines += status.sealed.map(line)
        lines.append("keyed hashes waiting to be used (need their key until used or expired):")
        lines += status.hashes.map(line)
        lines.append(status.notUnderCurrentKey == 0
            ? "すべて現在の鍵で暗号化されています (every sealed secret is under \(status.keyIDs[0]))"
            : "\(status.notUnderCurrentKey) 件が現在の鍵以外 (not yet under \(status.keyIDs[0])): run `kyoei admin secrets reseal`")
        return lines.joined(separator: "\n")
    }
}
