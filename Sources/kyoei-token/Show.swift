import ArgumentParser
import Foundation
import TokenKit

/// `kyoei-token` without a subcommand: set up if needed, check with the bank that the
/// stored token still stands, then show the code.
struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "初期設定（未設定時）とワンタイムパスワードの表示 / Set up if needed, then show the code.")

    @OptionGroup var options: TokenOptions
    @Flag(name: .long, help: "銀行にトークンの有効性を確認しない / Do not ask the bank whether the token still stands.")
    var offline = false

    func run() async throws {
        let file = options.tokenFile
        var justSetUp = false
        if !file.exists {
            guard try await setUp(file, server: try options.bankServer()) else { return }
            justSetUp = true
        }
        var stored = try file.load()
        if !justSetUp, !offline {
            // The same bank for the check and for a new set-up: the one the token came from.
            let server = try checkServer(stored)
            if try await StandingCheck.run(stored, file: file, server: server) == .setUpAgain {
                guard try await setUp(file, server: server) else { return }
                stored = try file.load()
            }
        }
        if Console.outputIsTerminal {
            LiveScreen(stored: stored).run()
        } else {
            // Scripts and tests: one line, the code in it as six plain digits.
            let now = Date()
            let code = TokenDisplay.code(for: stored.token, at: now)
            let left = TokenDisplay.secondsLeft(at: now, step: stored.token.parameters.step)
            Console.say("ワンタイムパスワード / One-time password: \(code) (残り\(left)秒 / \(left) s left)")
        }
    }

    /// 通信の許諾画面 then 初期設定画面. False when the customer did not allow the connection.
    private func setUp(_ file: TokenFile, server: BankServer) async throws -> Bool {
        switch ConsentScreen.run(server: server) {
        case .yes: break
        case .no:
            Console.say("通信を許可しなかったため、初期設定を中止しました。銀行には接続していません。"
                + " / Set-up cancelled: you did not allow the connection, and the bank was not contacted.")
            return false
        case .noAnswer:
            Console.warn("有効な回答がないため、初期設定を中止しました。銀行には接続していません。"
                + " / No valid answer: set-up cancelled, and the bank was not contacted.")
            throw ExitCode(1)
        }
        Console.say()
        do { try await SetupScreen(server: server, file: file).run() } catch is SetupScreen.Cancelled {
            throw ExitCode(1)
        }
        return true
    }

    /// The bank the token was set up with, unless `--server` names another.
    private func checkServer(_ stored: StoredToken) throws -> BankServer {
        if options.server != nil { return try options.bankServer() }
        if let recorded = try? BankServer(stored.server) { return recorded }
        return try options.bankServer()
    }
}
