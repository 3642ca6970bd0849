import ArgumentParser
import BankServices
import BankStore
import Foundation
import Logging

@main
struct Kyoei: AsyncParsableCommand {
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // A mistyped command line exits 2, like the usage checks the commands make
            // themselves (ArgumentParser's own code would be 64).
            if exitCode(for: error) == .validationFailure {
                Output.error(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "kyoei",
        abstract: "Kyoei Net Banking: the bank's server and back-office tools.",
        subcommands: [Serve.self, Migrate.self, Demo.self, Admin.self, SecretKey.self])
}

/// Options every subcommand shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "A file of KEY=value settings (same keys as the environment).")
    var config: String?

    func load() async throws -> KyoeiConfig { try await KyoeiConfig.load(file: config) }

    func logger(_ label: String = "kyoei") -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = ProcessInfo.processInfo.environment["KYOEI_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        return logger
    }

    /// Runs `body` with the bank open and closes the database afterwards, also on error.
    func withBank<T>(_ body: (Bank) async throws -> T) async throws -> T {
        let bank = try await load().openBank(logger: logger())
        do {
            let result = try await body(bank)
            await bank.database.close()
            return result
        } catch {
            await bank.database.close()
            throw error
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")
    @OptionGroup var common: CommonOptions
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        let config = try await common.load()
        let database = try await BankDatabases.open(try DatabaseLocation(url: config.databaseURL), poolSize: config.databasePoolSize,
                                                    logger: common.logger())
        do {
            let applied = try await Migrator.migrate(database)
            let version = try await Migrator.currentVersion(database)
            await database.close()
            Output.emit(json: json, value: MigrateResult(applied: applied, version: version),
                        text: applied.isEmpty ? "スキーマは最新です (schema is current, version \(version))."
                            : "マイグレーションを適用しました (applied \(applied), version \(version)).")
        } catch {
            await database.close()
            throw error
        }
    }
}

struct MigrateResult: Codable {
    var applied: [Int]
    var version: Int
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create the demo customer (once) and print its login.")
    @OptionGroup var common: CommonOptions
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        let result = try await common.withBank { bank in try await bank.demo.seed() }
        if json { Output.printJSON(result) } else { print(DemoBanner.text(result, url: nil)) }
    }
}

enum DemoBanner {
    static func text(_ result: DemoResult, url: String?, staffURL: String? = nil, tokenAppURL: String? = nil) -> String {
        var lines = [
            result.created ? "デモ用のお客様を作成しました (demo customer created)." : "デモ用のお客様 (demo customer):",
            "  ログインID (login ID):                   \(result.loginID)",
            "  ログインパスワード (login password):     \(result.loginPassword)",
            "  確認用パスワード (confirmation password): \(result.confirmationPassword)",
            "  振込先のデモ用お客様 (a second customer to transfer to): \(DemoRecipient.loginID) / \(DemoRecipient.loginPassword) / \(DemoRecipient.confirmationPassword)",
        ]
        for member in result.staff {
            lines.append("  事務管理部の職員 (back-office staff, \(member.role.nameJa) \(member.role.rawValue)): \(member.staffID) / \(member.password) / TOTPシークレット (secret) \(member.totpSecret)")
        }
        if let url {
            lines.insert("きょうえいネットバンキング: \(url)", at: 0)
            let staffBase = staffURL ?? url
            let base = staffBase.hasSuffix("/") ? String(staffBase.dropLast()) : staffBase
            lines.append("事務管理部 (back office): \(base)/staff")
        }
        if let tokenAppURL {
            lines.append("トークンアプリ (phone token app): \(tokenAppURL)/")
        }
        return lines.joined(separator: "\n")
    }
}
