import Foundation

/// Dates as the bank shows and reads them: Japan Standard Time (UTC+9, no daylight saving).
public enum JapanTime {
    public static let timeZone = TimeZone(secondsFromGMT: 9 * 3600)!

    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
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
            let parts = JapanTime.calendar.dateComponents([.year, .month, .day], from: date)
            self.year = parts.year!; self.month = parts.month!; self.day = parts.day!
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
        public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
        /// `2026年11月25日`
        public var japanese: String { "\(year)年\(month)月\(day)日" }
        public var description: String { iso }

        public static func < (lhs: Day, rhs: Day) -> Bool {
            (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }
    }

    /// `2026年11月25日 09:05`
    public static func japaneseDateTime(_ date: Date) -> String {
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%d年%d月%d日 %02d:%02d", p.year!, p.month!, p.day!, p.hour!, p.minute!)
    }

    /// `09:05`, the time of day in Japan (the session's automatic logout).
    public static func clockTime(_ date: Date) -> String {
        let p = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", p.hour!, p.minute!)
    }

    /// `2026-11-25 09:05` (the English pages).
    public static func isoDateTime(_ date: Date) -> String {
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", p.year!, p.month!, p.day!, p.hour!, p.minute!)
    }
}
