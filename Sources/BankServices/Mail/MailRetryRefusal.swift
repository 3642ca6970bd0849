import BankCore
import BankStore
import Foundation

/// Why メール送信状況's 再送 was refused (the role refusal is `BankError.staff(.forbidden)`).
public enum MailRetryRefusal: Error, Sendable, Equatable {
    case notFound
    /// A secret mail whose message was blanked when it failed: nothing is left to send.
    case secretErased
    /// Only a failed mail is retried by hand: a queued one goes anyway, a sent one went.
    case notFailed(OutboxStatus)

    public var messageKey: String {
        switch self {
        case .notFound: "error.mail.not_found"
        case .secretErased: "error.mail.secret_erased"
        case .notFailed(let status): "error.mail.not_failed.\(status.rawValue)"
        }
    }
}
