import ArgumentParser
import Foundation
import TokenKit

/// `kyoei-token` without a subcommand: set up if needed, then show the code.
struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "初期設定（未設定時）とワンタイムパスワードの表示 / Set up if needed, then show the code.")

    @OptionGroup var options: TokenOptions

    func run() async throws {
        let file = options.tokenFile
        if !file.exists {
            let server = try options.bankServer()
            switch ConsentScreen.run(server: server) {
            case .yes: break
            case .no:
                Console.say("通信を許可しなかったため、初期設定を中止しました。銀行には接続していません。"
                    + " / Set-up cancelled: you did not allow the connection, and the bank was not contacted.")
                return
            case .noAnswer:
                Console.warn("有効な回答がないため、初期設定を中止しました。銀行には接続していません。"
                    + " / No valid answer: set-up cancelled, and the bank was not contacted.")
                throw ExitCode(1)
            }
            Console.say()
            do { try await SetupScreen(server: server, file: file).run() } catch is SetupScreen.Cancelled {
                throw ExitCode(1)
            }
        }
        let stored = try file.load()
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
}
