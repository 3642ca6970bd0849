import BankCore
import BankStore
import Foundation
import SQLKit

/// A customer's 振込限度額 as the screens see it: in force now, what is left today, and a raise
/// still waiting.
public struct DailyLimitStatus: Sendable, Equatable {
    /// The limit in force and where it comes from (own, the bank's default, a raise now due).
    public var inForce: LimitInForce
    /// What is left of it today (JST), after today's transfers that were not returned.
    public var remainingToday: Yen
    /// A raise the customer asked for that is not due yet.
    public var pendingRaise: LimitRaise?

    public var limit: Yen { inForce.limit }
    /// True when the bank set none for this customer and KYOEI_TRANSFER_DAILY_LIMIT applies.
    public var isDefault: Bool { inForce.isBankDefault }
}
