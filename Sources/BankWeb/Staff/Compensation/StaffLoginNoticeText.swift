import BankCore
import BankServices
import Foundation

extension StaffSite {
    /// A transfer's ログインのお知らせ in one line: sent (login time, mail state and time, masked
    /// address), or why not (turned off, throttled), or no record for the session.
    func loginNoticeText(_ notice: LoginNoticeView, _ lang: Language) -> String {
        guard let outcome = notice.outcome, let loggedInAt = notice.loggedInAt else {
            return lang.text("staff_compensation.login_notice.none")
        }
        let login = formatTimestamp(loggedInAt)
        let browser = notice.newBrowser ? lang.text("staff_compensation.login_notice.new_browser") : ""
        switch outcome {
        case .sent:
            let status = notice.mailStatus.map { lang.text("staff_mail_status.\($0.rawValue)") } ?? "—"
            let sentAt = notice.mailSentAt.map(formatTimestamp) ?? "—"
            return lang.text("staff_compensation.login_notice.sent", login, notice.maskedRecipient ?? "—", status, sentAt) + browser
        case .off:
            return lang.text("staff_compensation.login_notice.off", login)
        case .throttled:
            return lang.text("staff_compensation.login_notice.throttled", login) + browser
        }
    }
}
