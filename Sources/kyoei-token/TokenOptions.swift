import ArgumentParser
import Foundation
import TokenKit

/// Options every subcommand takes.
struct TokenOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "銀行のアドレス。初期設定と起動時の有効性確認に使用 / The bank's address, for set-up and the check at start (default there: the one used at set-up).",
        discussion: "Default: $KYOEI_TOKEN_SERVER, else \(BankServer.defaultAddress)."))
    var server: String?

    @Option(name: .long, help: ArgumentHelp(
        "トークンの保存先 / Where the token is stored.",
        discussion: "Default: $KYOEI_TOKEN_DIR, else $XDG_CONFIG_HOME/kyoei-token, else ~/.config/kyoei-token."))
    var dir: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The token files chosen by `--dir` or the environment.
    var tokenFile: TokenFile { TokenFile(directory: TokenDirectory.resolve(option: dir, environment: environment)) }

    /// The bank to contact at set-up, checked before the consent screen names it.
    func bankServer() throws -> BankServer {
        let text = server ?? environment["KYOEI_TOKEN_SERVER"].flatMap { $0.isEmpty ? nil : $0 } ?? BankServer.defaultAddress
        return try BankServer(text)
    }
}
