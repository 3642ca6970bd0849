import Foundation

/// 予約振込's rules, free of storage and of the wall clock: which 振込指定日 may be booked,
/// until when a booking may be cancelled, and which bookings are due.
public enum ScheduleRules {
    /// The bank's default horizon: a month of calendar days, as most Japanese net banks book.
    public static let defaultDaysAhead = 31

    /// The 振込指定日 typed on 金額入力: nil for 本日 (the immediate transfer, exactly as
    /// without a date), or a business day after today and no more than `daysAhead` days ahead.
    public static func bookingDay(_ raw: String, now: Date, daysAhead: Int,
                                  calendar: BusinessCalendar) throws(ScheduleRefusal) -> JapanTime.Day? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let today = JapanTime.Day(containing: now)
        if text.isEmpty { return nil }
        guard let day = JapanTime.Day(iso: text), day >= today else { throw .invalidDate }
        if day == today { return nil }
        let last = today.adding(days: daysAhead)
        if day > last { throw .tooFarAhead(last: last) }
        let open: Bool, next: JapanTime.Day
        do throws(BusinessCalendarError) {
            open = try calendar.isBusinessDay(day)
            next = open ? day : try calendar.nextBusinessDay(after: day)
        } catch {
            guard case .yearNotCovered(let year) = error else { throw .invalidDate }
            throw .yearNotCovered(year)
        }
        if !open { throw .notBusinessDay(day: day, next: next) }
        return day
    }

    /// The last instant a booking for `day` may be cancelled: the end of the day before (23:59:59.999 JST).
    public static func cancelDeadline(for day: JapanTime.Day) -> Date { day.start }

    /// 取消 is possible until 23:59 JST of the day before the 振込指定日.
    public static func canCancel(scheduledFor day: JapanTime.Day, now: Date) -> Bool { now < cancelDeadline(for: day) }

    /// The bank's own cut-off for cancelling a booking (maker-checker in the back office): the
    /// moment the scheduler may take it, `hour` JST on the 振込指定日. From then on the booking
    /// belongs to the run — it may be executing on any server, or ended 残高不足 — and a cancel
    /// would race it and tell the customer something the run may contradict. With the default
    /// hour 0 this is the customer's own deadline; a bank that runs later in the morning gives
    /// its staff those hours (a fraud stop on the morning of the day), never more.
    public static func bankCancelDeadline(for day: JapanTime.Day, hour: Int) -> Date {
        day.start.addingTimeInterval(TimeInterval(hour * 3600))
    }

    /// Whether the bank may still cancel a booking for `day` now (before `bankCancelDeadline`).
    public static func bankCanCancel(scheduledFor day: JapanTime.Day, now: Date, hour: Int) -> Bool {
        now < bankCancelDeadline(for: day, hour: hour)
    }

    /// The JST day whose bookings a run at `now` executes, or nil before the run hour
    /// (`hour` 0–23, JST). A booking is due when its day is this day or earlier (a missed run).
    public static func runDay(now: Date, hour: Int) -> JapanTime.Day? {
        let today = JapanTime.Day(containing: now)
        return now >= today.start.addingTimeInterval(TimeInterval(hour * 3600)) ? today : nil
    }

    /// A booking executed after its 振込指定日 (the server was down at the run): logged and told.
    public static func isLate(scheduledFor day: JapanTime.Day, executedOn runDay: JapanTime.Day) -> Bool { day < runDay }
}
