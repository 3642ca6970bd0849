import TokenKit

/// 通信の許諾画面: nothing is sent to the bank unless the customer says はい here.
enum ConsentScreen {
    /// True when the customer allowed the connection.
    static func run(server: BankServer) -> Question.Answer {
        Console.say("━━ 通信の許諾画面 / Permission to connect ━━")
        Console.say("このアプリは初期設定のため、一度だけ銀行（\(server)）に接続してトークンを受け取ります。"
            + " / To set up, this app connects once to the bank (\(server)) to receive your token.")
        Console.say("送信するのはサービスID、ユーザID、利用開始パスワードだけです。"
            + " / Only the service ID, user ID and activation password are sent.")
        Console.say("設定後は起動のたびに、トークンが銀行で有効かどうかを確認します（秘密情報やワンタイムパスワードは送信しません。--offline で省略できます）。"
            + " / After set-up, each start asks the bank whether the token still stands (no secret and no code is sent; --offline skips it).")
        if !server.isProtected {
            Console.say("注意: この接続は暗号化されていません（http）。 / Warning: this connection is not encrypted (http).")
        }
        Console.say("通信を許可しますか？ / Do you allow this connection?")
        Console.say("  1. はい / Yes")
        Console.say("  2. いいえ / No")
        return Question.ask()
    }
}
