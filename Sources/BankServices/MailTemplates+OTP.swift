import BankCore
import Foundation

/// The one-time password mails.
extension MailTemplates {
    /// After トークン発行, to the mobile address: where to get the app and what to type into
    /// its 初期設定画面. Never the 利用開始パスワード (the customer chose it) nor the secret.
    public static func tokenIssued(bankName: String, downloadURL: String, serviceID: String, userID: String,
                                   setupBy: Date, language: MailLanguage) -> MailTemplate {
        switch language {
        case .ja:
            MailTemplate(subject: "【きょうえい】ワンタイムパスワード トークン発行のお知らせ", body: """
                ワンタイムパスワードのトークンを発行しました。
                下記のURLからトークンアプリをダウンロードし、起動してください。
                「通信の許諾画面」で「はい」を選び、「初期設定画面」に次のサービスID・ユーザIDと、
                トークン発行画面で入力された利用開始パスワードを入力して「送信」してください。

                トークンアプリ: \(downloadURL)
                サービスID: \(serviceID)
                ユーザID: \(userID)

                初期設定の期限: \(JapanTime.japaneseDateTime(setupBy))
                初期設定の後、ネットバンキングの「ワンタイムパスワード利用開始」で登録を完了してください。
                以前のトークンが端末に残っている場合、トークンアプリは起動時にそれが無効になったことを表示します。
                「はい」と答えて古いトークンを削除し、上記のユーザIDで初期設定してください（手順: \(downloadURL)#replace-token）。
                お心当たりのない場合は、至急下記までご連絡ください。

                \(signature(bankName, .ja))
                """)
        case .en:
            MailTemplate(subject: "one-time password token issued", body: """
                A one-time password token has been issued for you.
                Download the token app from the address below and start it. Answer "はい" (yes) on
                the permission screen, then enter this service ID and user ID and the activation
                password you chose when issuing the token.

                Token app: \(downloadURL)
                Service ID: \(serviceID)
                User ID: \(userID)

                Set up by: \(JapanTime.isoDateTime(setupBy)) (JST)
                After the set-up, finish with "Start using one-time passwords" in internet banking.
                If an older token is still on your device, the app says at start that it has ended:
                answer "はい" (yes) to delete it and set up with the user ID above (steps: \(downloadURL)#replace-token).
                If you did not ask for this, contact us at once.

                \(signature(bankName, .en))
                """)
        }
    }

    /// The extra-factor notices to the registered address: what changed, when, and whom to
    /// call if it was not the customer.
    public static func otpNotice(_ notice: OTPNotice, bankName: String, at date: Date, language: MailLanguage) -> MailTemplate {
        switch language {
        case .ja:
            MailTemplate(subject: "【きょうえい】\(notice.subjectJa)", body: """
                \(notice.bodyJa)
                日時: \(JapanTime.japaneseDateTime(date))

                お心当たりのない場合は、至急下記までご連絡ください。

                \(signature(bankName, .ja))
                """)
        case .en:
            MailTemplate(subject: notice.subjectEn, body: """
                \(notice.bodyEn)
                Time: \(JapanTime.isoDateTime(date)) (JST)

                If this was not you, contact us at once.

                \(signature(bankName, .en))
                """)
        }
    }
}

public enum OTPNotice: String, Sendable, CaseIterable {
    case activated, deactivated, withdrawn, reset, tokenVoid, locked

    var subjectJa: String {
        switch self {
        case .activated: "ワンタイムパスワード利用開始のお知らせ"
        case .deactivated: "ワンタイムパスワード利用解除のお知らせ"
        case .withdrawn: "ワンタイムパスワード申請取消のお知らせ"
        case .reset: "ワンタイムパスワード利用解除（\(BankSelfName.current.ja)による）のお知らせ"
        case .tokenVoid: "トークン無効のお知らせ"
        case .locked: "ワンタイムパスワードロックのお知らせ"
        }
    }

    var bodyJa: String {
        switch self {
        case .activated: "ワンタイムパスワードの利用開始登録が完了しました。次回からログインの際にワンタイムパスワードの入力が必要です。"
        case .deactivated: "ワンタイムパスワードの利用解除登録が完了しました。次回からログインの際にワンタイムパスワードは不要です。"
        case .withdrawn: "利用開始前のワンタイムパスワードのトークンを取り消しました。"
        case .reset: "\(BankSelfName.current.ja)でお客様のワンタイムパスワードの利用を解除しました。ワンタイムパスワードを再度ご利用になる場合は、トークン発行からお手続きください。"
        case .tokenVoid: "利用開始パスワードの誤入力が規定回数に達したため、トークンを無効にしました。ワンタイムパスワードをご利用になる場合は、トークンを再発行してください。"
        case .locked: "ワンタイムパスワードの誤入力が規定回数に達したため、ロックしました。ログインするには\(BankSelfName.current.ja)へご連絡ください。"
        }
    }

    var subjectEn: String {
        switch self {
        case .activated: "one-time password turned on"
        case .deactivated: "one-time password turned off"
        case .withdrawn: "one-time password request withdrawn"
        case .reset: "one-time password turned off by \(BankSelfName.current.en)"
        case .tokenVoid: "token made void"
        case .locked: "one-time password locked"
        }
    }

    var bodyEn: String {
        switch self {
        case .activated: "One-time passwords are now on: from your next login you will be asked for the code from your token app."
        case .deactivated: "One-time passwords are now off: your next login will not ask for a code."
        case .withdrawn: "The token that had not yet been activated has been withdrawn."
        case .reset: "The bank has turned off your one-time password. To use it again, issue a new token."
        case .tokenVoid: "The activation password was entered wrongly too many times, so the token has been made void. Issue a new token to use one-time passwords."
        case .locked: "The one-time password was entered wrongly too many times and is locked. Please contact \(BankSelfName.current.en) to log in."
        }
    }
}
