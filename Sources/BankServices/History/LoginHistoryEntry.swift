import BankCore
import BankStore
import Foundation

/// One login attempt as ログイン履歴 shows it to the customer: when, from where, with which
/// browser and factors, and whether it went through. Built from the audit row; the row's
/// detail text and actor stay with the back office.
public struct LoginHistoryEntry: Sendable, Equatable {
    public var at: Date
    public var ip: String
    public var browser: BrowserFamily
    public var factorsPresented: [Credential]
    public var outcome: Outcome

    public enum Outcome: String, Sendable, Equatable {
        case succeeded
        /// The login password was right and the one-time password was still to come: the
        /// attempt's own row (the code's row follows, as 成功 or 失敗).
        case passwordAccepted = "password_accepted"
        case failed
    }

    init(_ event: AuditEvent) {
        at = event.at
        ip = event.ip
        browser = BrowserFamily(userAgent: event.userAgent)
        factorsPresented = event.factors.presented
        switch (event.result, event.event) {
        case (.success, AuditEventName.loginPassword.rawValue): outcome = .passwordAccepted
        case (.success, _): outcome = .succeeded
        default: outcome = .failed
        }
    }
}
