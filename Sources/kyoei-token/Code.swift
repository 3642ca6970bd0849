import ArgumentParser
import Foundation
import TokenKit

/// `kyoei-token code`: the current code, once, for scripts.
struct Code: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "現在のワンタイムパスワードを1回表示 / Print the current code once.",
        discussion: "Prints the digits alone, or with --json: {\"code\",\"seconds_left\",\"service_id\",\"user_id\"}.")

    @OptionGroup var options: TokenOptions
    @Flag(name: .long, help: "JSONで出力 / Print JSON.") var json = false

    struct Output: Encodable {
        let code: String
        let secondsLeft: Int
        let serviceID: String
        let userID: String

        enum CodingKeys: String, CodingKey {
            case code, secondsLeft = "seconds_left", serviceID = "service_id", userID = "user_id"
        }
    }

    func run() async throws {
        let token = try options.tokenFile.load().token
        let now = Date()
        let output = Output(code: TokenDisplay.code(for: token, at: now),
                            secondsLeft: TokenDisplay.secondsLeft(at: now, step: token.parameters.step),
                            serviceID: token.serviceID, userID: token.userID)
        Console.say(json ? JSONOutput.line(output) : output.code)
    }
}

/// One JSON object per line, keys sorted, for scripts.
enum JSONOutput {
    static func line(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
