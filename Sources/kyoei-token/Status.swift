import ArgumentParser
import Foundation
import TokenKit

/// `kyoei-token status`: whether a token is stored, and for whom (never the secret).
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "トークンの設定状況を表示 / Show whether and which token is stored.",
        discussion: "Exits 0 when a token is stored or none is; 1 when the stored token cannot be opened.")

    @OptionGroup var options: TokenOptions
    @Flag(name: .long, help: "JSONで出力 / Print JSON.") var json = false

    struct Output: Encodable {
        var stored: Bool
        var directory: String
        var server: String?
        var serviceID: String?
        var userID: String?
        var issuer: String?
        var algorithm: String?
        var digits: Int?
        var period: Int?
        var provisionedAt: String?
        var message: String?
        var messageEN: String?

        enum CodingKeys: String, CodingKey {
            case stored, directory, server, serviceID = "service_id", userID = "user_id", issuer, algorithm
            case digits, period, provisionedAt = "provisioned_at", message, messageEN = "message_en"
        }
    }

    func run() async throws {
        let file = options.tokenFile
        var output = Output(stored: file.exists, directory: file.directory)
        guard output.stored else {
            Console.say(json ? JSONOutput.line(output)
                : "トークン: 未設定 / Token: not set up (\(file.directory))")
            return
        }
        let stored: StoredToken
        do { stored = try file.load() } catch {
            guard json else { throw error }
            output.message = error.message
            output.messageEN = error.messageEN
            Console.say(JSONOutput.line(output))
            throw ExitCode(1)
        }
        let token = stored.token
        let when = stored.provisionedAt.formatted(.iso8601)
        output.server = stored.server
        output.serviceID = token.serviceID
        output.userID = token.userID
        output.issuer = token.issuer
        output.algorithm = token.parameters.algorithm.rawValue
        output.digits = token.parameters.digits
        output.period = token.parameters.step
        output.provisionedAt = when
        if json { Console.say(JSONOutput.line(output)); return }
        Console.say("トークン: 設定済み / Token: set up")
        Console.say("保存先 / Directory: \(file.directory)")
        Console.say("銀行 / Bank: \(stored.server)")
        Console.say("発行者 / Issuer: \(token.issuer)")
        Console.say("サービスID / Service ID: \(token.serviceID)")
        Console.say("ユーザID / User ID: \(TokenDisplay.maskedUserID(token.userID))")
        Console.say("方式 / Scheme: TOTP \(token.parameters.algorithm.rawValue), \(token.parameters.digits)桁 / digits, "
            + "\(token.parameters.step)秒 / seconds")
        Console.say("初期設定日時 / Set up at: \(when)")
    }
}
