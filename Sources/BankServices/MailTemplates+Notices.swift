import BankCore
import Foundation

/// Notices to the registered PC address after changes a takeover would make first: a new
/// 利用者登録 payee (where stolen money is paid out) and a token issued to a mobile address.
/// Account numbers and addresses are masked: a mail may be read by someone else.
extension MailTemplates {
    /// 振込・振替先登録のお知らせ.
    public static func payeeAdded(bankName: String, payee: PayeeView, at date: Date, language: MailLanguage) -> MailTemplate {
        let record = payee.record
        let masked = maskedAccountNumber(record.accountNumber)
        switch language {
        case .ja:
            return MailTemplate(subject: "【きょうえい】振込・振替先登録のお知らせ", body: """
                振込・振替先一覧（利用者登録）に振込先を登録しました。

                登録した振込先: \(payee.bankName) \(payee.branchName) \(typeJa(record.accountType)) \(masked) \(record.holderName)
                登録日時: \(JapanTime.japaneseDateTime(date))

                お心当たりのない場合は、第三者による不正な登録のおそれがあります。
                この振込先へ振込をせず、至急下記までご連絡ください。

                \(signature(bankName, .ja))
                """)
        case .en:
            return MailTemplate(subject: "payee registered", body: """
                A payee was added to your payee list.

                Payee: \(record.bankCode) \(record.branchCode) \(record.accountType.rawValue) \(masked) \(record.holderName)
                Time: \(JapanTime.isoDateTime(date)) (JST)

                If this was not you, someone else may be using your account: do not transfer to it and contact us at once.

                \(signature(bankName, .en))
                """)
        }
    }

    /// トークン発行のお知らせ to the PC address: a token went to this (masked) mobile address.
    public static func tokenIssuedNotice(bankName: String, mobileEmail: String, setupBy: Date, at date: Date,
                                         language: MailLanguage) -> MailTemplate {
        let mobile = maskedAddress(mobileEmail)
        switch language {
        case .ja:
            return MailTemplate(subject: "【きょうえい】ワンタイムパスワード トークン発行のお知らせ（ご登録アドレスへ）", body: """
                ワンタイムパスワードのトークンを、携帯電話のメールアドレス \(mobile) 宛に発行しました。
                発行日時: \(JapanTime.japaneseDateTime(date))
                初期設定の期限: \(JapanTime.japaneseDateTime(setupBy))

                お心当たりのない場合は、第三者による不正な操作のおそれがあります。至急下記までご連絡ください。

                \(signature(bankName, .ja))
                """)
        case .en:
            return MailTemplate(subject: "one-time password token issued (notice to your registered address)", body: """
                A one-time password token was issued to the mobile address \(mobile).
                Time: \(JapanTime.isoDateTime(date)) (JST)
                Set up by: \(JapanTime.isoDateTime(setupBy)) (JST)

                If you did not ask for this, someone else may be using your account: contact us at once.

                \(signature(bankName, .en))
                """)
        }
    }
}
