import BankCore
import BankStore

/// What the 振込・振替 screen offers: the accounts money may leave and every destination.
public struct TransferChoices: Sendable, Equatable {
    /// The customer's accounts: 支払口座, and the destinations of a 振替.
    public var accounts: [AccountView]
    public var payees: PayeeLists
    /// The メール通知パスワード is on: choosing a 利用者登録 payee or 他口座 mails one.
    public var mailPasswordOn: Bool
    public var mailPasswordLocked: Bool
    public var dailyLimit: Yen
    public var remainingToday: Yen
}
