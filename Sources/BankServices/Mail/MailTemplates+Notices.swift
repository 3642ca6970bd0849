import BankCore
import BankText
import Foundation

/// Notices to the registered PC address after changes a takeover would make first: a new
/// 利用者登録 payee (where stolen money is paid out) and a token issued to a mobile address.
/// Account numbers and addresses are masked: a mail may be read by someone else.
extension MailTemplates {
    /// 振込・振替先登録のお知らせ (利用者登録, or 届出済み when the counter registered it).
    public static func payeeAdded(bankName: String, payee: PayeeView, at date: Date, language: MailLanguage) -> MailTemplate {
        let record = payee.record
        return catalogMail(record.kind == .bank ? "bank_payee_added" : "payee_added", language, bankName: bankName, at: date, destination(
            bankCode: record.bankCode, bankName: payee.bankName, branchCode: record.branchCode, branchName: payee.branchName,
            type: record.accountType, accountNumber: record.accountNumber, holderName: record.holderName, language))
    }

    /// トークン発行のお知らせ to the PC address: a token went to this (masked) mobile address.
    public static func tokenIssuedNotice(bankName: String, mobileEmail: String, setupBy: Date, at date: Date,
                                         language: MailLanguage) -> MailTemplate {
        catalogMail("token_issued_notice", language, bankName: bankName, at: date,
                    ["mobile": maskedAddress(mobileEmail), "setup_by": time(setupBy, language)])
    }

    /// パスワード変更のお知らせ: the login or 確認用 password was changed (never the new one).
    public static func passwordChanged(_ credential: Credential, bankName: String, at date: Date,
                                       language: MailLanguage) -> MailTemplate {
        catalogMail("password_changed", language, bankName: bankName, at: date,
                    ["credential": language.text("mail.lock.credential.\(credential.rawValue)")])
    }
}
