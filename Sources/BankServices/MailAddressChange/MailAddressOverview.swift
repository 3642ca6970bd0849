import BankCore
import Foundation

/// What メールアドレス変更 shows before the form: the registered addresses (whole: the
/// customer is signed in, as on メール通知パスワード利用変更), where the メール通知パスワード goes,
/// whether a one-time password is asked, and a change waiting for its link.
public struct MailAddressOverview: Sendable, Equatable {
    public var pcAddress: String
    public var mobileAddress: String?
    /// The address the メール通知パスワード goes to, when it is in use.
    public var mailPasswordAddress: String?
    /// The one-time password is active: the change asks for a code too (step-up).
    public var needsCode: Bool
    public var pending: PendingMailAddressChange?

    public func address(_ kind: MailAddressKind) -> String? { kind == .pc ? pcAddress : mobileAddress }
}

/// A change the customer asked for whose link has not been opened yet.
public struct PendingMailAddressChange: Sendable, Equatable {
    public var kind: MailAddressKind
    public var newAddress: String
    public var requestedAt: Date
    public var expiresAt: Date
}
