import ArgumentParser
import Foundation
import TokenKit

/// `kyoei-token remove`: deletes the stored token (after asking, unless `--yes`).
struct Remove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "保存されたトークンを削除 / Delete the stored token.")

    @OptionGroup var options: TokenOptions
    @Flag(name: .long, help: "確認せずに削除 / Do not ask.") var yes = false

    func run() async throws {
        let file = options.tokenFile
        // A key without its record is leftover of an interrupted removal: clean it up too.
        guard file.exists || PrivateFileProbe.exists(file.keyPath) else {
            Console.say("トークンは設定されていません。 / No token is stored (\(file.directory)).")
            return
        }
        if !yes {
            Console.say("トークンを削除しますか？削除すると、銀行でトークンを再発行するまでワンタイムパスワードを表示できません。")
            Console.say("Delete the token? Without it no codes can be shown until the bank issues a new token.")
            switch Question.ask() {
            case .yes: break
            case .no:
                Console.say("削除を中止しました。 / Nothing was deleted.")
                return
            case .noAnswer:
                Console.warn("有効な回答がないため、削除を中止しました。 / No valid answer: nothing was deleted.")
                throw ExitCode(1)
            }
        }
        try file.remove()
        Console.say("トークンを削除しました。 / The token was deleted.")
    }
}

/// Whether a path exists, without following symlinks.
enum PrivateFileProbe {
    static func exists(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)) != nil
    }
}
