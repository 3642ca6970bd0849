import BankCore
import Foundation

/// The notice that a credential was locked by wrong entries, to the registered PC address:
/// a customer who did not type them learns at once that someone is trying.
extension MailTemplates {
    public static func lockNotice(_ credential: Credential, bankName: String, at date: Date,
                                  language: MailLanguage) -> MailTemplate {
        let (nameJa, nameEn, effectJa, effectEn) = lockWording(credential)
        switch language {
        case .ja:
            return MailTemplate(subject: "【きょうえい】\(nameJa)ロックのお知らせ", body: """
                \(nameJa)の誤入力が規定の回数に達したため、ロックしました。
                \(effectJa)
                日時: \(JapanTime.japaneseDateTime(date))

                ロックの解除は\(BankSelfName.current.ja)で承ります。本人確認のうえ解除いたしますので、下記までご連絡ください。
                お客様ご自身の誤入力でない場合は、第三者による不正なアクセスのおそれがあります。至急ご連絡ください。

                \(signature(bankName, .ja))
                """)
        case .en:
            return MailTemplate(subject: "\(nameEn) locked", body: """
                The \(nameEn) was entered wrongly too many times and is now locked.
                \(effectEn)
                Time: \(JapanTime.isoDateTime(date)) (JST)

                \(BankSelfName.current.enSentenceStart) unlocks it after checking your identity: please contact us.
                If these entries were not yours, someone else may be trying to use your account: contact us at once.

                \(signature(bankName, .en))
                """)
        }
    }

    private static func lockWording(_ credential: Credential) -> (String, String, String, String) {
        switch credential {
        case .loginPassword:
            ("ログインパスワード", "login password",
             "ロック中はインターネットバンキングにログインできません。", "While it is locked you cannot log in to internet banking.")
        case .confirmationPassword:
            ("確認用パスワード", "confirmation password",
             "ロック中は振込・振替や各種設定の変更ができません。", "While it is locked you cannot make transfers or change settings.")
        case .mailPassword:
            ("メール通知パスワード", "e-mail notification password",
             "ロック中は利用者登録の振込先および他口座への振込・振替ができません。",
             "While it is locked you cannot transfer to payees you registered or to other accounts.")
        case .otp:
            ("ワンタイムパスワード", "one-time password",
             "ロック中はログインできません。", "While it is locked you cannot log in.")
        case .activationPassword:
            ("利用開始パスワード", "activation password",
             "トークンは無効になりました。", "The token has been made void.")
        }
    }
}
