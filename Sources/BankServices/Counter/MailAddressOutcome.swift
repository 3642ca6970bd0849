import BankCore
import BankStore
import Foundation
import SQLKit

/// What the counter's 登録メールアドレス変更 came to: made at once, or — when the メール通知パスワード
/// would follow to the new address — a request that a different 役席 must approve.
public enum MailAddressOutcome: Sendable, Equatable {
    case changed(MailAddressChange)
    case requested(AccessRequestView)

    public var change: MailAddressChange? { if case .changed(let change) = self { change } else { nil } }
    public var request: AccessRequestView? { if case .requested(let request) = self { request } else { nil } }
}
