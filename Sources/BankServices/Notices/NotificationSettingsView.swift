import Foundation

/// 通知設定 as the customer's screen shows it.
public struct NotificationSettingsView: Sendable, Equatable {
    /// ログインのお知らせ after every login (a new browser is notified either way).
    public var loginNotice: Bool
    /// When the customer last changed it (nil: the default, never changed).
    public var changedAt: Date?
    /// The PC address notices go to, masked as mails mask it.
    public var maskedPCEmail: String
}
