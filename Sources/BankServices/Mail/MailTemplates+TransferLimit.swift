import BankCore
import BankText
import Foundation

/// 振込限度額変更のお知らせ to the PC address: a raise asked for (with when it applies and how to
/// stop it), a raise cancelled, a lower limit set. A takeover raises the limit first, so the
/// raise is told at once, while there is still time to cancel it.
extension MailTemplates {
    public static func transferLimitRaiseRequested(bankName: String, previous: Yen, amount: Yen, effectiveAt: Date,
                                                   at date: Date, language: MailLanguage) -> MailTemplate {
        catalogMail("transfer_limit_raise_requested", language, bankName: bankName, at: date,
                    limitValues(previous: previous, amount: amount, language)
                        .merging(["effective": time(effectiveAt, language)]) { $1 })
    }

    public static func transferLimitRaiseCancelled(bankName: String, amount: Yen, previous: Yen, byBank: Bool,
                                                   at date: Date, language: MailLanguage) -> MailTemplate {
        catalogMail("transfer_limit_raise_cancelled", language, bankName: bankName, at: date,
                    limitValues(previous: previous, amount: amount, language)
                        .merging(["by": language.text(byBank ? "mail.transfer_limit.by_bank" : "mail.transfer_limit.by_customer")]) { $1 })
    }

    public static func transferLimitLowered(bankName: String, previous: Yen, amount: Yen, raiseEnded: Bool,
                                            at date: Date, language: MailLanguage) -> MailTemplate {
        catalogMail("transfer_limit_lowered", language, bankName: bankName, at: date,
                    limitValues(previous: previous, amount: amount, language)
                        .merging(["raise_ended": raiseEnded ? language.text("mail.transfer_limit.raise_ended") : ""]) { $1 })
    }

    /// `{previous}` and `{amount}` as each language writes yen (1,000,000円 / 1,000,000 yen).
    private static func limitValues(previous: Yen, amount: Yen, _ language: Language) -> [String: String] {
        language == .ja ? ["previous": previous.formatted, "amount": amount.formatted]
                        : ["previous": "\(previous.grouped) yen", "amount": "\(amount.grouped) yen"]
    }
}
