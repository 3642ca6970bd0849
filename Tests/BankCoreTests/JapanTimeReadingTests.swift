@testable import BankCore
import Foundation
import Testing

/// `JapanTime.reading` replaced Foundation's Calendar (and `String(format:)`) for the dates
/// the bank writes (issue 20: they were a tenth of a transfer's mail). It must read every
/// moment as a Gregorian calendar in UTC+9 does: checked against one over a century each side,
/// every JST midnight and the seconds around it, leap days and the 1970 epoch on both sides.
@Suite struct JapanTimeReadingTests {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 9 * 3600)!
        return calendar
    }()

    static func expected(_ date: Date) -> JapanTime.Reading {
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        return JapanTime.Reading(year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second!,
                                 weekday: p.weekday! - 1)
    }

    static var moments: [Date] {
        var seconds: [TimeInterval] = [0, -1, 1, -9 * 3600, -9 * 3600 - 1, -9 * 3600 + 1, 1_795_565_109, 1_709_218_800,
                                       951_782_400 - 9 * 3600, 4_107_542_399, -2_208_988_800, 0.999, -0.5]
        // Every JST midnight of 2024 (a leap year) and 2100 (not one), each ±1 s.
        for start in [1_704_034_800.0, 4_102_412_400.0] {
            for day in 0..<366 { for delta in [-1.0, 0, 1] { seconds.append(start + Double(day) * 86_400 + delta) } }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 { seconds.append(Double(Int64.random(in: -2_208_988_800...7_258_118_400, using: &generator))) }
        return seconds.map(Date.init(timeIntervalSince1970:))
    }

    @Test func readingsAreTheGregorianCalendarsInJapan() {
        var wrong: [String] = []
        for date in Self.moments where JapanTime.reading(date) != Self.expected(date) {
            wrong.append("\(date.timeIntervalSince1970): \(JapanTime.reading(date)) ≠ \(Self.expected(date))")
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    @Test func formatsAreWhatStringFormatMade() {
        for date in Self.moments.prefix(2_000) {
            let p = Self.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            #expect(JapanTime.japaneseDateTime(date) == String(format: "%d年%d月%d日 %02d:%02d", p.year!, p.month!, p.day!, p.hour!, p.minute!))
            #expect(JapanTime.isoDateTime(date) == String(format: "%04d-%02d-%02d %02d:%02d", p.year!, p.month!, p.day!, p.hour!, p.minute!))
            #expect(JapanTime.clockTime(date) == String(format: "%02d:%02d", p.hour!, p.minute!))
            #expect(JapanTime.Day(containing: date).iso == String(format: "%04d-%02d-%02d", p.year!, p.month!, p.day!))
        }
        #expect(JapanTime.padded(7, 4) == "0007" && JapanTime.padded(12345, 4) == "12345" && JapanTime.padded(0, 2) == "00")
    }
}
