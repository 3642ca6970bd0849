import BankCore
import Foundation

/// 振込・振替履歴照会: the customer's transfers made in one period, newest first, bounded.
public struct TransferHistory: Sendable, Equatable {
    public var period: StatementPeriod
    public var transfers: [TransferView]
    /// More transfers were made in the period than are listed (the oldest are left off).
    public var truncated: Bool
}
