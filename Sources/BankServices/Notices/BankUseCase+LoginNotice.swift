import BankCore
import BankStore
import Foundation
import SQLKit

extension BankUseCase {
    /// ログインのお知らせ of a full login (after the code when the OTP is on), written in the
    /// login's own transaction so the login waits for no mail server: the outbox row, the
    /// browser seen, and what was decided (`login_notices`, for the 補償判定資料).
    /// A browser this customer never logged in from is notified even with notices off; at
    /// most one notice goes out per customer per `settings.loginNoticeMinInterval`, and one more
    /// for a login from a new browser.
    @discardableResult
    func noteFullLogin(_ db: any SQLDatabase, _ customer: CustomerRecord, sessionHash: String, browser: String?,
                       client: ClientInfo, at now: Date) async throws -> LoginNoticeOutcome {
        var newBrowser = true
        if let browser = KnownBrowser.validKey(browser) {
            newBrowser = try await KnownBrowserRecords.see(db, customerID: customer.id, browserHash: Self.sha256Hex(browser), at: now)
        }
        // The setting and the slot in one statement on PostgreSQL; the mail, composed only
        // once the slot is claimed, and the record in one more.
        let claim = try await LoginNoticeRecords.claim(db, customerID: customer.id, newBrowser: newBrowser,
                                                       minInterval: settings.loginNoticeMinInterval, at: now)
        var outcome = LoginNoticeOutcome.off
        var mail: NewOutboxMail?
        if claim.claimed {
            let family = BrowserFamily(userAgent: client.userAgent)
            mail = composeMail(kind: "login_notice", customerID: customer.id, to: [customer.pcEmail],
                               template: MailTemplates.compose { language in
                                   MailTemplates.loginNotice(bankName: settings.bankName, ip: client.ip, browser: family,
                                                             newBrowser: newBrowser, at: now, language: language)
                               })
            outcome = .sent
        } else if claim.enabled || newBrowser {
            outcome = .throttled
        }
        try await LoginNoticeRecords.record(db, customerID: customer.id, sessionHash: sessionHash, at: now, ip: client.ip,
                                            userAgent: client.userAgent, newBrowser: newBrowser, outcome: outcome,
                                            recipient: outcome == .sent ? customer.pcEmail : nil, mail: mail)
        return outcome
    }
}
