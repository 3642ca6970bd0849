import BankCore
import BankStore
import Foundation
import SQLKit

/// What a 登録メールアドレス変更 did.
public struct MailAddressChange: Sendable, Equatable {
    public var kind: MailAddressKind
    /// The address before (nil: the customer had no mobile address).
    public var oldAddress: String?
    public var newAddress: String
    /// The メール通知パスワード went to the old address and now goes to the new one.
    public var mailPasswordMoved: Bool
    /// The notices queued: to the new address, and to the old one if there was one.
    public var messageIDs: [String]
}
