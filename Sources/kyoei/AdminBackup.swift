import ArgumentParser
import BankCore
import BankServices
import Foundation

/// `kyoei admin backup --out FILE`: a checked copy of the SQLite database, taken while the bank
/// serves (SQLite's online backup API). PostgreSQL is backed up with pg_dump instead.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database while the bank serves, check the copy (integrity, ledger) and write it to FILE.",
        discussion: """
            The copy is one snapshot: every transaction committed before it began, nothing after. It is
            checked (PRAGMA integrity_check, the ledger check of verify-ledger), flushed to disk and only
            then renamed to FILE, so FILE is never half written. On PostgreSQL use pg_dump
            (docs/operations.md, "Backups and the restore drill").
            """)
    @OptionGroup var options: AdminOptions
    @Option(name: .long, help: "Where to write the backup.") var out: String
    @Flag(name: .long, help: "Replace FILE if it exists (otherwise refused).") var replace = false

    func run() async throws {
        let report: DatabaseBackupReport
        do {
            report = try await options.perform { bank in
                try await bank.backups.backup(to: out, replacing: replace, by: .operator(name: options.staffName))
            }
        } catch let error as DatabaseBackupError {
            throw refusal(error)
        }
        let ledger = report.ledger
        Output.emit(json: options.json, value: report, text: """
            OK: バックアップを作成しました (backup written): \(report.path)
              \(report.bytes) bytes, \(report.pages) pages, schema version \(report.schemaVersion), started \(JapanTime.isoDateTime(report.startedAt)) JST
              integrity_check=ok ledger: accounts=\(ledger.accounts) transactions=\(ledger.transactions) entries=\(ledger.entries) consistent
              暗号鍵 (KYOEI_SECRET_KEYS / secret-keys) は含まれません。別に保管してください (the keys are not in the backup: keep them apart)
            """)
    }

    private func refusal(_ error: DatabaseBackupError) -> ExitCode {
        switch error {
        case .postgres:
            return options.refusal(field: "database", code: "backup_postgres",
                ja: "PostgreSQL のデータベースは pg_dump でバックアップしてください (docs/operations.md「バックアップとリストア訓練」)",
                en: "the database is PostgreSQL: back it up with pg_dump -Fc (docs/operations.md, \"Backups and the restore drill\")")
        case .exists(let path):
            return options.refusal(field: "out", code: "backup_exists",
                ja: "\(path) は既に存在します (上書きするには --replace)", en: "\(path) already exists (--replace to overwrite it)")
        case .integrity(let answer):
            return options.refusal(field: "out", code: "backup_integrity",
                ja: "コピーが整合性検査に失敗しました。バックアップは作成していません: \(answer.prefix(3).joined(separator: "; "))",
                en: "the copy failed PRAGMA integrity_check; no backup was written: \(answer.prefix(3).joined(separator: "; "))")
        case .ledger(let ledger):
            return options.refusal(field: "out", code: "backup_ledger",
                ja: "コピーの元帳が整合していません。バックアップは作成していません (verify-ledger で確認してください)",
                en: "the copy's ledger is not consistent (sum=\(ledger.sumOfAllEntries)); no backup was written: run verify-ledger")
        }
    }
}
