import BankCore
import BankStore
import Foundation

/// 失敗分をすべて再送: the mails queued again, and the failed ones left because their
/// secret message is gone.
public struct MailRetryAllResult: Sendable, Equatable {
    public var queued: [Int64]
    public var erasedLeft: Int
}
