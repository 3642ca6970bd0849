import Foundation
import TokenKit

/// 初期設定画面: service ID, user ID and activation password → 送信 → the token is stored.
struct SetupScreen {
    let server: BankServer
    let file: TokenFile

    /// Why set-up stopped without a token; the message has been shown.
    struct Cancelled: Error {}

    /// Asks, sends, stores. On any refusal nothing is stored.
    func run() async throws {
        Console.say("━━ 初期設定画面 / Set-up ━━")
        Console.say("トークン発行のお知らせメールに記載のサービスIDとユーザID、トークン発行時に決めた利用開始パスワードを入力してください。")
        Console.say("Enter the service ID and user ID from the token issuance mail, and the activation password you chose when the token was issued.")
        let serviceID = try ask("サービスID / Service ID: ", secret: false, check: ProvisioningRequest.validServiceID)
        let userID = try ask("ユーザID / User ID: ", secret: false, check: ProvisioningRequest.validUserID)
        let password = try ask("利用開始パスワード / Activation password: ", secret: true,
                               check: ProvisioningRequest.validActivationPassword)
        let request = try ProvisioningRequest(serviceID: serviceID, userID: userID, activationPassword: password)

        Console.say("送信しています… / Sending…")
        let token = try await ProvisioningClient(server: server).provision(request)
        try file.save(token, server: server.address, at: Date())
        Console.say("初期設定が完了しました。 / Set-up is complete.")
        Console.say("銀行のワンタイムパスワード利用開始画面で、表示されるワンタイムパスワードを入力してください。"
            + " / Now enter the code shown below on the bank's OTP activation screen.")
        Console.say()
    }

    /// One field: asked again (up to three times) when typed wrong at a terminal; from a
    /// pipe a wrong value ends set-up, since the following lines were meant for other fields.
    private func ask(_ label: String, secret: Bool,
                     check: (String) throws(TokenInputError) -> String) throws -> String {
        let attempts = Console.inputIsTerminal ? 3 : 1
        var lastError: TokenInputError?
        for _ in 0..<attempts {
            Console.prompt(label)
            let line = secret ? SecretInput.readLine() : Console.readAnswer()
            guard let line else {
                Console.say()
                Console.warn("入力が終了したため、初期設定を中止しました。銀行には何も送信していません。"
                    + " / Input ended: set-up cancelled, nothing was sent to the bank.")
                throw Cancelled()
            }
            do { return try check(line) } catch {
                lastError = error
                if attempts > 1 { Console.error(error) }
            }
        }
        throw lastError ?? TokenInputError.serviceIDMissing
    }
}
