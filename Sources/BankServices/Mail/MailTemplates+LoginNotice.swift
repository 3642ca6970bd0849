import BankCore
import BankText
import Foundation

/// ログインのお知らせ and the mails of 通知設定 and of payees removed: no link in any of them
/// (a mail with a link to the bank is what phishing imitates), numbers and addresses masked.
extension MailTemplates {
    /// ログインのお知らせ: when, from which IP address and which browser family.
    public static func loginNotice(bankName: String, ip: String, browser: BrowserFamily, newBrowser: Bool, at date: Date,
                                   language: MailLanguage) -> MailTemplate {
        let name = browser.browserName ?? language.text("mail.login_notice.other_browser")
        let system = browser.systemName ?? language.text("mail.login_notice.other_system")
        return catalogMail("login_notice", language, bankName: bankName, at: date, [
            "ip": ip.isEmpty ? "-" : ip,
            "browser": language == .ja ? "\(name)（\(system)）" : "\(name) (\(system))",
            "new_browser": newBrowser ? language.text("mail.login_notice.new_browser") + "\n" : "",
        ])
    }

    /// 通知設定変更のお知らせ: login notices turned on or off.
    public static func notificationSettingsChanged(loginNotice: Bool, bankName: String, at date: Date,
                                                   language: MailLanguage) -> MailTemplate {
        catalogMail("notification_settings_changed", language, bankName: bankName, at: date, [
            "setting": language.text(loginNotice ? "mail.notification_settings_changed.on" : "mail.notification_settings_changed.off"),
        ])
    }

    /// 振込・振替先削除のお知らせ: a payee of the customer's list (or the bank's, removed at the counter).
    public static func payeeRemoved(bankName: String, payee: PayeeView, at date: Date, language: MailLanguage) -> MailTemplate {
        let record = payee.record
        return catalogMail(record.kind == .bank ? "bank_payee_removed" : "payee_removed", language, bankName: bankName, at: date,
                           destination(bankCode: record.bankCode, bankName: payee.bankName, branchCode: record.branchCode,
                                       branchName: payee.branchName, type: record.accountType,
                                       accountNumber: record.accountNumber, holderName: record.holderName, language))
    }
}
