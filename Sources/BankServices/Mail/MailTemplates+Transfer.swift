import BankCore
import BankText
import Foundation

/// The transfer mails: the メール通知パスワード and the 振込受付のお知らせ.
extension MailTemplates {
    /// The mailed password, naming the destination and the time so that a customer who is
    /// not making this transfer notices at once.
    public static func mailPassword(bankName: String, password: String, destination: TransferDestination, at date: Date,
                                    language: MailLanguage) -> MailTemplate {
        catalogMail("mail_password", language, bankName: bankName, at: date,
                    values(of: destination, language).merging(["password": password]) { first, _ in first })
    }

    /// Every 7-digit account number in `text` masked: a mail may be read by someone else, so
    /// it never carries a whole account number, the customer's own included.
    /// Each run of digits is masked 7 at a time from its start, as the pattern `\d{7}` would
    /// match it. A loop over scalars rather than a Regex: this runs for every transfer inside
    /// its database transaction, where the Regex engine cost the SQLite 実行 a few percent.
    static func maskedAccountNumbers(in text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var digits = ""
        var digitCount = 0
        for scalar in text.unicodeScalars {
            // ASCII digits answered without the Unicode tables (most of a mail's digits).
            if scalar.isASCII ? (0x30...0x39).contains(scalar.value) : scalar.properties.generalCategory == .decimalNumber {
                digits.unicodeScalars.append(scalar)
                digitCount += 1
                if digitCount == AccountNumber.length {
                    out += maskedAccountNumber(digits)
                    digits = ""
                    digitCount = 0
                }
            } else {
                out += digits
                digits = ""
                digitCount = 0
                out.unicodeScalars.append(scalar)
            }
        }
        return out + digits
    }

    /// 振込受付のお知らせ: what was done, after every transfer.
    public static func transferAccepted(bankName: String, reception: String, source: String, destination: TransferDestination,
                                        amount: Yen, fee: Yen, settled: Bool, at date: Date, language: MailLanguage) -> MailTemplate {
        catalogMail("transfer_accepted", language, bankName: bankName, at: date, values(of: destination, language).merging([
            "reception": reception, "source": maskedAccountNumbers(in: source),
            "amount": amount.formatted, "fee": fee.formatted, "amount_yen": String(amount.value), "fee_yen": String(fee.value),
            "status": language.text(settled ? "mail.transfer_accepted.status.settled" : "mail.transfer_accepted.status.pending"),
        ]) { first, _ in first })
    }

    /// The notices when the mail password is turned on or off.
    public static func mailPasswordSetting(on: Bool, bankName: String, address: String, at date: Date,
                                           language: MailLanguage) -> MailTemplate {
        let setting = on ? "on" : "off"
        return mail(subjectKey: "mail.mail_password_setting.\(setting).subject", bodyKey: "mail.notice.body", language,
                    bankName: bankName, at: date,
                    ["notice": language.text("mail.mail_password_setting.\(setting).text", with: ["address": address])])
    }

    /// 振込資金返却のお知らせ: another bank sent a transfer back; the amount is credited again.
    public static func transferReturned(bankName: String, reception: String, amount: Yen, reason: String, at date: Date,
                                        language: MailLanguage) -> MailTemplate {
        catalogMail("transfer_returned", language, bankName: bankName, at: date, [
            "reception": reception, "amount": amount.formatted, "amount_yen": String(amount.value), "reason": reason,
        ])
    }

    private static func values(of destination: TransferDestination, _ language: MailLanguage) -> [String: String] {
        self.destination(bankCode: destination.bankCode, bankName: destination.bankName, branchCode: destination.branchCode,
                         branchName: destination.branchName, type: destination.accountType,
                         accountNumber: destination.accountNumber, holderName: destination.holderName, language)
    }
}
