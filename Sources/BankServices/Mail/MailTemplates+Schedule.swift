import BankCore
import BankText
import Foundation

/// 予約振込's mails: booked, cancelled, run on its day (also late), and failed for lack of funds.
extension MailTemplates {
    public enum ScheduledMail: String, Sendable {
        case booked, cancelled, executed, failed
        /// Cancelled by the bank (maker-checker in the back office), with whom to call.
        case cancelledByBank = "cancelled_by_bank"
    }

    /// The booking mail, with the destination as the 確認画面 showed it.
    public static func scheduledTransfer(_ kind: ScheduledMail, bankName: String, reception: String, source: String,
                                         destination: TransferDestination, amount: Yen, fee: Yen, day: JapanTime.Day,
                                         at date: Date, language: MailLanguage) -> MailTemplate {
        scheduledTransfer(kind, bankName: bankName, reception: reception, source: source,
                          destination: self.destination(bankCode: destination.bankCode, bankName: destination.bankName,
                                                        branchCode: destination.branchCode, branchName: destination.branchName,
                                                        type: destination.accountType, accountNumber: destination.accountNumber,
                                                        holderName: destination.holderName, language),
                          amount: amount, fee: fee, day: day, late: false, at: date, language: language)
    }

    /// Every 予約振込 mail: `destination` holds the `dest_*` values; `late` adds the note that
    /// the booking ran after its day (the bank's server was not running on the day).
    public static func scheduledTransfer(_ kind: ScheduledMail, bankName: String, reception: String, source: String,
                                         destination: [String: String], amount: Yen, fee: Yen, day: JapanTime.Day,
                                         late: Bool, at date: Date, language: MailLanguage) -> MailTemplate {
        var values = destination
        values["reception"] = reception
        values["source"] = maskedAccountNumbers(in: source)
        values["amount"] = amount.formatted
        values["fee"] = fee.formatted
        values["amount_yen"] = String(amount.value)
        values["fee_yen"] = String(fee.value)
        values["day"] = language == .ja ? day.japanese : day.iso
        values["late_note"] = late ? language.text("mail.transfer_scheduled.late_note") : ""
        return catalogMail("transfer_scheduled.\(kind.rawValue)", language, bankName: bankName, at: date, values)
    }
}
