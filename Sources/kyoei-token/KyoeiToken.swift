import ArgumentParser
import Foundation
import TokenKit

/// The token app: sets up once, then shows the one-time password.
@main
struct KyoeiToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kyoei-token",
        abstract: "協栄ネットバンキング ワンタイムパスワード / Kyoei Net Banking one-time password token.",
        discussion: """
            引数なしで実行すると、未設定なら初期設定を行い、その後ワンタイムパスワードを表示します。
            Without a subcommand: sets the token up if needed, then shows the one-time password.
            """,
        subcommands: [Show.self, Code.self, Status.self, Remove.self],
        defaultSubcommand: Show.self)

    /// Prints TokenKit's errors in both languages and exits 1; usage errors keep
    /// ArgumentParser's wording and exit 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as any BilingualError {
            Console.error(error)
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}
