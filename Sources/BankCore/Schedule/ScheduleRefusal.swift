/// Why a 振込指定日 or a 予約取消 is refused. Each message names the field (振込指定日) and, for a
/// closed day, the next business day, so the customer can type it at once.
public enum ScheduleRefusal: Error, Sendable, Equatable {
    /// Not a date, or before today.
    case invalidDate
    /// Further ahead than the bank books (`KYOEI_SCHEDULE_DAYS_AHEAD`); `last` is the last day allowed.
    case tooFarAhead(last: JapanTime.Day)
    /// A Saturday, Sunday, holiday or 12/31–1/3; `next` is the next business day.
    case notBusinessDay(day: JapanTime.Day, next: JapanTime.Day)
    /// The calendar does not cover the year (the holiday file was not updated).
    case yearNotCovered(Int)
    /// 取消 after 23:59 JST of the day before the 振込指定日.
    case cancelDeadlinePassed
    /// The bank's 取消 after the run hour of the 振込指定日 (`ScheduleRules.bankCancelDeadline`).
    case bankCancelDeadlinePassed
    /// The booking was executed, cancelled or failed already.
    case notScheduled

    public var messageKey: String {
        switch self {
        case .invalidDate: "error.schedule.invalid_date"
        case .tooFarAhead: "error.schedule.too_far"
        case .notBusinessDay: "error.schedule.not_business_day"
        case .yearNotCovered: "error.schedule.year_not_covered"
        case .cancelDeadlinePassed: "error.schedule.cancel_deadline"
        case .bankCancelDeadlinePassed: "error.schedule.bank_cancel_deadline"
        case .notScheduled: "error.schedule.not_scheduled"
        }
    }

    /// `{0}`, `{1}` in the message: days as `2026-11-25` (the screen formats them per language).
    public var messageArguments: [JapanTime.Day] {
        switch self {
        case .tooFarAhead(let last): [last]
        case .notBusinessDay(let day, let next): [day, next]
        case .invalidDate, .yearNotCovered, .cancelDeadlinePassed, .bankCancelDeadlinePassed, .notScheduled: []
        }
    }
}
