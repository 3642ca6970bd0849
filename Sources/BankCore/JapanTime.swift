import Foundation

/// Dates as the bank shows and reads them: Japan Standard Time (UTC+9, no daylight saving).
public enum JapanTime {
    public static let timeZone = TimeZone(secondsFromGMT: 9 * 3600)!

    /// Made once: building a Calendar and setting its zone on every use cost more than the
    /// date arithmetic it was used for.
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// A moment's wall-clock reading in Japan.
    public struct Reading: Sendable, Equatable {
        public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
        /// 0 = Sunday … 6 = Saturday.
        public let weekday: Int
    }

    /// The reading by arithmetic on the Unix time: Japan has kept UTC+9 without daylight saving
    /// since 1952, and the bank shows no earlier moment. Every mail and many pages show a time;
    /// through `Calendar.dateComponents` and `String(format:)` each cost some 40,000
    /// instructions (a tenth of a transfer's mail). JapanTimeReadingTests hold it to the Calendar.
    public static func reading(_ date: Date) -> Reading {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down)) + 9 * 3600
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        // 1970-01-01 was a Thursday.
        return Reading(year: Int(year), month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60,
                       second: secondOfDay % 60, weekday: Int(((days + 4) % 7 + 7) % 7))
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `civil_from_days`).
    public static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `n` in decimal with zeros in front up to `width` digits (`%0*d` for n ≥ 0).
    public static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// A calendar day in Japan.
    public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
        public let year: Int, month: Int, day: Int

        public init?(year: Int, month: Int, day: Int) {
            guard (1900...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
            var components = DateComponents(year: year, month: month, day: day)
            components.timeZone = JapanTime.timeZone
            guard let date = JapanTime.calendar.date(from: components) else { return nil }
            let back = JapanTime.calendar.dateComponents([.year, .month, .day], from: date)
            guard back.year == year, back.month == month, back.day == day else { return nil }  // 2月30日
            self.year = year; self.month = month; self.day = day
        }

        public init(containing date: Date) {
            let reading = JapanTime.reading(date)
            self.year = reading.year; self.month = reading.month; self.day = reading.day
        }

        /// Parses `2026-11-25` (what `<input type=date>` sends) and `2026/11/25`.
        public init?(iso text: String) {
            let normalized = TextNormalizer.fullwidthASCIIToHalfwidth(text).trimmingCharacters(in: .whitespaces)
            let parts = normalized.split(whereSeparator: { $0 == "-" || $0 == "/" })
            guard parts.count == 3, parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
                  let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
            self.init(year: y, month: m, day: d)
        }

        public var start: Date {
            JapanTime.calendar.date(from: DateComponents(timeZone: JapanTime.timeZone, year: year, month: month, day: day))!
        }

        public var nextDayStart: Date { JapanTime.calendar.date(byAdding: .day, value: 1, to: start)! }

        public func adding(days: Int) -> Day { Day(containing: JapanTime.calendar.date(byAdding: .day, value: days, to: start)!) }

        public func adding(months: Int) -> Day { Day(containing: JapanTime.calendar.date(byAdding: .month, value: months, to: start)!) }

        /// `2026-11-25`
        public var iso: String { "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))" }
        /// `2026年11月25日`
        public var japanese: String { "\(year)年\(month)月\(day)日" }
        public var description: String { iso }

        public static func < (lhs: Day, rhs: Day) -> Bool {
            (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }
    }

    /// `2026年11月25日 09:05`
    public static func japaneseDateTime(_ date: Date) -> String {
        let r = reading(date)
        return "\(r.year)年\(r.month)月\(r.day)日 \(padded(r.hour, 2)):\(padded(r.minute, 2))"
    }

    /// `09:05`, the time of day in Japan (the session's automatic logout).
    public static func clockTime(_ date: Date) -> String {
        let r = reading(date)
        return "\(padded(r.hour, 2)):\(padded(r.minute, 2))"
    }

    /// `2026-11-25 09:05` (the English pages).
    public static func isoDateTime(_ date: Date) -> String {
        let r = reading(date)
        return "\(padded(r.year, 4))-\(padded(r.month, 2))-\(padded(r.day, 2)) \(padded(r.hour, 2)):\(padded(r.minute, 2))"
    }
}
