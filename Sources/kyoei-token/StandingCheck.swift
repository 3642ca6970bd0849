import ArgumentParser
import Foundation
import TokenKit

/// At start, with a token stored: asks the bank whether the token still stands, so that the
/// app does not go on showing the codes of a token the bank has ended (利用解除 then a new
/// トークン発行, or a reset after a lost phone). Offline, or with a bank that cannot say, the
/// codes are shown as before: they may well be good.
enum StandingCheck {
    enum Outcome { case goOn, setUpAgain }

    static func run(_ stored: StoredToken, file: TokenFile, server: BankServer) async throws -> Outcome {
        let standing: TokenStanding
        do {
            standing = try await ProvisioningClient(server: server, timeout: 5).standing(of: stored.token)
        } catch {
            if error.refusal?.error == "clock_skew" {
                Console.warn("\(error.message) 表示されるワンタイムパスワードは正しくない可能性があります。"
                    + " / \(error.messageEN) The codes shown may be wrong.")
            }
            return .goOn
        }
        guard standing.isDead else { return .goOn }
        Console.say("このトークンは銀行で無効になっています（利用解除、トークンの再発行、紛失による再設定など）。"
            + "表示されるワンタイムパスワードはご利用いただけません。")
        Console.say("The bank has ended this token (deactivated, re-issued or reset after a lost phone): its codes no longer work.")
        Console.say("保存されているトークンを削除して、新しく発行されたトークンの初期設定をしますか？"
            + " / Delete the stored token and set up the newly issued one?")
        switch Question.ask() {
        case .yes:
            try file.remove()
            Console.say("トークンを削除しました。 / The token was deleted.")
            Console.say()
            return .setUpAgain
        case .no:
            Console.say("トークンは削除していません。ネットバンキングの「トークン発行」で新しいトークンを発行し、"
                + "`kyoei-token remove` の後に初期設定をしてください。"
                + " / The token was kept. Issue a new token in internet banking, then run `kyoei-token remove` and set up again.")
            throw ExitCode(1)
        case .noAnswer:
            Console.warn("有効な回答がないため、トークンは削除していません。 / No valid answer: the token was kept.")
            throw ExitCode(1)
        }
    }
}
