import BankCore
import Foundation

/// What the confirmation page (opened from the link) shows before 変更を確定する: which address
/// becomes what, until when, and whether the メール通知パスワード moves with it.
public struct MailAddressConfirmationView: Sendable, Equatable {
    public var kind: MailAddressKind
    public var newAddress: String
    public var expiresAt: Date
    public var mailPasswordWillMove: Bool
}
