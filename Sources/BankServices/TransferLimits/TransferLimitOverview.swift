import BankCore
import Foundation

/// 振込限度額変更's screen: the limit in force, today's remaining, the ceiling that applies to
/// this customer and why, a raise still waiting, and when a raise asked for now would apply.
public struct TransferLimitOverview: Sendable, Equatable {
    public var status: DailyLimitStatus
    public var ceiling: LimitCeiling
    /// Nil when the holiday list does not cover the days ahead (a raise would be refused).
    public var raiseWouldApplyAt: Date?
}

/// What a customer's change did.
public enum TransferLimitChangeOutcome: Sendable, Equatable {
    /// Lowered (or kept, ending a waiting raise): in force at once.
    case lowered(Yen)
    /// A raise waiting until its `effectiveAt`.
    case raiseRequested(LimitRaise)
}

/// A raise still waiting, with whose it is (the back office's list).
public struct PendingLimitRaise: Sendable, Equatable {
    public var raise: LimitRaise
    public var customerID: Int64
    public var loginID: String
    public var nameKanji: String
    public var nameKana: String
    /// Where the customer asked for it from.
    public var ip: String

    public init(raise: LimitRaise, customerID: Int64, loginID: String, nameKanji: String, nameKana: String, ip: String) {
        self.raise = raise; self.customerID = customerID; self.loginID = loginID
        self.nameKanji = nameKanji; self.nameKana = nameKana; self.ip = ip
    }
}
