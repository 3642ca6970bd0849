import Foundation

/// The bank's 営業日: not a Saturday or Sunday, not a national holiday (国民の祝日, 振替休日,
/// 国民の休日, as the Cabinet Office lists them), not 12月31日 to 1月3日. Pure: the holidays are
/// given (the `holidays` table, loaded from the Cabinet Office's file), and a day of a year the
/// list does not cover is an error, never "no holidays": a transfer booked for a day the bank
/// cannot judge must not run on a holiday by default.
public struct BusinessCalendar: Sendable, Equatable {
    public let holidays: [JapanTime.Day: String]
    public let coveredYears: Set<Int>

    public init(holidays: [JapanTime.Day: String], coveredYears: Set<Int>) {
        self.holidays = holidays
        self.coveredYears = coveredYears
    }

    /// Why the bank is closed on a day.
    public enum Closure: Sendable, Equatable {
        case weekend
        case holiday(String)
        /// 年末年始 (12/31–1/3): closed by the banks' own rule (銀行法施行令 第5条), not a 祝日.
        case yearEnd
    }

    /// nil on a business day.
    public func closure(_ day: JapanTime.Day) throws(BusinessCalendarError) -> Closure? {
        guard coveredYears.contains(day.year) else { throw .yearNotCovered(day.year) }
        if let name = holidays[day] { return .holiday(name) }
        if (day.month == 12 && day.day == 31) || (day.month == 1 && day.day <= 3) { return .yearEnd }
        return day.isWeekend ? .weekend : nil
    }

    public func isBusinessDay(_ day: JapanTime.Day) throws(BusinessCalendarError) -> Bool {
        try closure(day) == nil
    }

    /// The first business day strictly after `day` (an error when the search leaves the covered years).
    public func nextBusinessDay(after day: JapanTime.Day) throws(BusinessCalendarError) -> JapanTime.Day {
        var candidate = day.adding(days: 1)
        // Japan's longest closure (年末年始 next to a weekend and 元日's 振替) is about a week;
        // the bound only stops a runaway loop, the year check ends it first.
        for _ in 0..<40 {
            if try isBusinessDay(candidate) { return candidate }
            candidate = candidate.adding(days: 1)
        }
        throw .yearNotCovered(candidate.year)
    }

    /// The business day itself, or the next one (a date a customer picked, moved forward).
    public func businessDay(onOrAfter day: JapanTime.Day) throws(BusinessCalendarError) -> JapanTime.Day {
        try isBusinessDay(day) ? day : nextBusinessDay(after: day)
    }

    /// The national holiday's name as listed (`敬老の日`, `休日` for 振替休日 and 国民の休日), or nil.
    public func holidayName(_ day: JapanTime.Day) -> String? { holidays[day] }
}

public enum BusinessCalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The holiday list has no entries for this year: import the Cabinet Office's newer file.
    case yearNotCovered(Int)

    public var description: String {
        switch self {
        case .yearNotCovered(let year): "the holiday list does not cover \(year): import a newer syukujitsu.csv (kyoei admin holidays import)"
        }
    }
}

extension JapanTime.Day {
    /// Saturday or Sunday in Japan.
    public var isWeekend: Bool {
        let weekday = JapanTime.calendar.component(.weekday, from: start)  // 1 = Sunday … 7 = Saturday
        return weekday == 1 || weekday == 7
    }

    /// 0 = Sunday … 6 = Saturday.
    public var weekdayIndex: Int { JapanTime.calendar.component(.weekday, from: start) - 1 }
}
