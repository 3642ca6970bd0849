import BankCore

/// 振込・振替 settings: the fee table and the default daily limit.
public struct TransferSettings: Sendable, Equatable {
    /// KYOEI_TRANSFER_FEES.
    public var fees: FeeTable
    /// KYOEI_TRANSFER_DAILY_LIMIT: the 振込限度額 of a customer the bank set none for.
    public var dailyLimit: Yen

    /// Typed accounts in this bank whose holder name one customer may look up per hour
    /// (KYOEI_TRANSFER_NAME_LOOKUPS_PER_HOUR): enough for anyone paying people, too few to
    /// harvest the names of the bank's customers.
    public var nameLookupsPerHour: Int

    public init(fees: FeeTable = .standard, dailyLimit: Yen = TransferLimit.defaultLimit, nameLookupsPerHour: Int = 30) {
        self.fees = fees
        self.dailyLimit = dailyLimit
        self.nameLookupsPerHour = nameLookupsPerHour
    }
}
