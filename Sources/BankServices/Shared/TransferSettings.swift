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

    /// 振込限度額変更 by the customer: the cooling-off before a raise applies
    /// (KYOEI_LIMIT_RAISE_DELAY) and the ceilings (KYOEI_LIMIT_CEILING, KYOEI_LIMIT_CEILING_NO_FACTOR).
    public var raiseDelay: LimitRaiseDelay = .nextBusinessDay
    public var ceilings: LimitCeilings = LimitCeilings()

    /// 予約振込: how many calendar days ahead a 振込指定日 may be (KYOEI_SCHEDULE_DAYS_AHEAD), and
    /// the JST hour from which `kyoei serve` runs the day's bookings (KYOEI_SCHEDULE_HOUR).
    public var scheduleDaysAhead: Int = ScheduleRules.defaultDaysAhead
    public var scheduleHour: Int = 0

    public init(fees: FeeTable = .standard, dailyLimit: Yen = TransferLimit.defaultLimit, nameLookupsPerHour: Int = 30) {
        self.fees = fees
        self.dailyLimit = dailyLimit
        self.nameLookupsPerHour = nameLookupsPerHour
    }
}
