import BankCore
import Foundation

/// The transfer mails: the メール通知パスワード and the 振込受付のお知らせ.
extension MailTemplates {
    /// The mailed password, naming the destination and the time so that a customer who is
    /// not making this transfer notices at once.
    public static func mailPassword(bankName: String, password: String, destination: TransferDestination, at date: Date,
                                    language: MailLanguage) -> MailTemplate {
        let masked = maskedAccountNumber(destination.accountNumber)
        switch language {
        case .ja:
            return MailTemplate(subject: "【きょうえい】メール通知パスワードのお知らせ", body: """
                振込・振替のメール通知パスワードをお知らせします。

                メール通知パスワード: \(password)

                振込先: \(destination.bankName) \(destination.branchName) \(typeJa(destination.accountType)) \(masked) \(destination.holderName)
                発行日時: \(JapanTime.japaneseDateTime(date))

                このパスワードは、この振込先への振込・振替に、ログアウトするか次のメール通知パスワードが
                発行されるまで有効です。お心当たりのない場合は、パスワードを入力せず、至急下記までご連絡ください。

                \(signature(bankName, .ja))
                """)
        case .en:
            return MailTemplate(subject: "your e-mail notification password", body: """
                Your e-mail notification password for a transfer: \(password)

                To: \(destination.bankCode) \(destination.branchCode) \(destination.accountType.rawValue) \(masked) \(destination.holderName)
                Issued: \(JapanTime.isoDateTime(date)) (JST)

                It is valid for this destination until you log out or a newer password is issued.
                If you are not making this transfer, do not enter it and contact us at once.

                \(signature(bankName, .en))
                """)
        }
    }

    /// Every 7-digit account number in `text` masked: a mail may be read by someone else, so
    /// it never carries a whole account number, the customer's own included.
    static func maskedAccountNumbers(in text: String) -> String {
        text.replacing(accountNumberPattern) { match in maskedAccountNumber(String(match.output)) }
    }

    /// Compiled once: a regex literal in the function was compiled on every call, and this
    /// runs for every transfer inside its transaction. (Matching shares no mutable state.)
    nonisolated(unsafe) static let accountNumberPattern = /\d{7}/

    /// 振込受付のお知らせ: what was done, after every transfer.
    public static func transferAccepted(bankName: String, reception: String, source: String, destination: TransferDestination,
                                        amount: Yen, fee: Yen, settled: Bool, at date: Date, language: MailLanguage) -> MailTemplate {
        let masked = maskedAccountNumber(destination.accountNumber)
        switch language {
        case .ja:
            return MailTemplate(subject: "【きょうえい】振込受付のお知らせ", body: """
                振込・振替を受け付けました。

                受付番号: \(reception)
                受付日時: \(JapanTime.japaneseDateTime(date))
                支払口座: \(maskedAccountNumbers(in: source))
                振込先: \(destination.bankName) \(destination.branchName) \(typeJa(destination.accountType)) \(masked) \(destination.holderName)
                金額: \(amount.formatted)
                手数料: \(fee.formatted)
                状況: \(settled ? "完了（入金済み）" : "受付済（他行あての振込は\(BankSelfName.current.ja)から順次送金します）")

                お心当たりのない場合は、至急下記までご連絡ください。

                \(signature(bankName, .ja))
                """)
        case .en:
            return MailTemplate(subject: "transfer accepted", body: """
                Your transfer has been accepted.

                Reception number: \(reception)
                Time: \(JapanTime.isoDateTime(date)) (JST)
                To: \(destination.bankCode) \(destination.branchCode) \(masked) \(destination.holderName)
                Amount: \(amount.value) yen, fee: \(fee.value) yen
                Status: \(settled ? "completed" : "accepted (transfers to other banks are sent in the next batch)")

                If this was not you, contact us at once.

                \(signature(bankName, .en))
                """)
        }
    }

    /// The notices when the mail password is turned on or off.
    public static func mailPasswordSetting(on: Bool, bankName: String, address: String, at date: Date,
                                           language: MailLanguage) -> MailTemplate {
        switch language {
        case .ja:
            return MailTemplate(subject: on ? "【きょうえい】メール通知パスワード利用開始のお知らせ" : "【きょうえい】メール通知パスワード利用停止のお知らせ", body: """
                \(on ? "メール通知パスワードの利用を開始しました。今後、利用者登録の振込先や他口座への振込・振替の際に、このアドレス（\(address)）へパスワードをお送りします。" : "メール通知パスワードの利用を停止しました。")
                日時: \(JapanTime.japaneseDateTime(date))

                お心当たりのない場合は、至急下記までご連絡ください。

                \(signature(bankName, .ja))
                """)
        case .en:
            return MailTemplate(subject: on ? "e-mail notification password turned on" : "e-mail notification password turned off", body: """
                \(on ? "The e-mail notification password is now on: transfers to your own registered payees and to accounts typed by hand will send a password to \(address)." : "The e-mail notification password is now off.")
                Time: \(JapanTime.isoDateTime(date)) (JST)

                If this was not you, contact us at once.

                \(signature(bankName, .en))
                """)
        }
    }

    /// 振込資金返却のお知らせ: another bank sent a transfer back; the amount is credited again.
    public static func transferReturned(bankName: String, reception: String, amount: Yen, reason: String, at date: Date,
                                        language: MailLanguage) -> MailTemplate {
        switch language {
        case .ja:
            return MailTemplate(subject: "【きょうえい】振込資金返却のお知らせ", body: """
                お受付した他行あての振込が返却されたため、振込金額をお支払口座へ戻しました。

                受付番号: \(reception)
                返却金額: \(amount.formatted)
                返却理由: \(reason)
                日時: \(JapanTime.japaneseDateTime(date))

                振込先の口座番号・受取人名をお確かめのうえ、あらためてお手続きください。

                \(signature(bankName, .ja))
                """)
        case .en:
            return MailTemplate(subject: "a transfer was returned", body: """
                A transfer to another bank was returned and its amount credited back to your account.

                Reception number: \(reception)
                Amount: \(amount.value) yen
                Reason: \(reason)
                Time: \(JapanTime.isoDateTime(date)) (JST)

                \(signature(bankName, .en))
                """)
        }
    }

    static func typeJa(_ type: AccountType) -> String {
        switch type {
        case .ordinary: "普通"
        case .current: "当座"
        case .savings: "貯蓄"
        }
    }
}
