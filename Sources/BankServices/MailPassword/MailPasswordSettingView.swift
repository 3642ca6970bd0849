import BankCore
import BankStore

/// メール通知パスワード利用変更: what the screen offers.
public struct MailPasswordSettingView: Sendable, Equatable {
    /// The registered addresses the password may go to (PC first, then the mobile).
    public var addresses: [String]
    /// The setting now: nil while it is off.
    public var current: MailPasswordSetting?
    /// Why 利用する cannot be chosen now (a token is issued or active), if it cannot.
    public var enableRefusal: ExtraFactorRefusal?
}
