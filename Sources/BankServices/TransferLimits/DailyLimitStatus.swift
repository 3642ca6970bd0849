import BankCore
import BankStore
import Foundation
import SQLKit

/// A customer's 振込限度額 as the counter sees it.
public struct DailyLimitStatus: Sendable, Equatable {
    public var limit: Yen
    /// What is left of it today (JST), after today's transfers that were not returned.
    public var remainingToday: Yen
    /// True when the bank set none for this customer and KYOEI_TRANSFER_DAILY_LIMIT applies.
    public var isDefault: Bool
}
