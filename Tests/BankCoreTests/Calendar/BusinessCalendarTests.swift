import BankCore
import Foundation
import Testing

/// The business days of known dates, on the holiday list the bank ships (read here from the
/// repository's file, as BankServices bundles it).
@Suite struct BusinessCalendarTests {
    static let bundledFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/BankServices/Calendar/syukujitsu.csv")

    static func calendar() throws -> BusinessCalendar {
        try HolidayFile.parse(try Data(contentsOf: bundledFile)).calendar
    }

    static func day(_ text: String) -> JapanTime.Day { JapanTime.Day(iso: text)! }

    @Test func knownDates() throws {
        let calendar = try Self.calendar()
        // 敬老の日 (third Monday of September 2025).
        #expect(try calendar.closure(Self.day("2025-09-15")) == .holiday("敬老の日"))
        // 振替休日: 憲法記念日 2026-05-03 was a Sunday, 5/4 and 5/5 holidays already.
        #expect(try calendar.closure(Self.day("2026-05-06")) == .holiday("休日"))
        // 国民の休日: between 敬老の日 9/21 and 秋分の日 9/23.
        #expect(try calendar.closure(Self.day("2026-09-22")) == .holiday("休日"))
        #expect(try calendar.closure(Self.day("2025-12-31")) == .yearEnd)
        #expect(try calendar.closure(Self.day("2026-01-02")) == .yearEnd)
        #expect(try calendar.closure(Self.day("2026-01-03")) == .weekend || calendar.closure(Self.day("2026-01-03")) == .yearEnd)
        #expect(try calendar.closure(Self.day("2026-11-28")) == .weekend, "a Saturday")
        #expect(try calendar.closure(Self.day("2026-11-29")) == .weekend, "a Sunday")
        #expect(try calendar.isBusinessDay(Self.day("2026-11-30")), "a normal Monday")
        #expect(try calendar.isBusinessDay(Self.day("2026-01-05")), "the first business day of 2026")
        // 2027: 春分の日 on a Sunday, 振替休日 on Monday.
        #expect(try calendar.closure(Self.day("2027-03-21")) == .holiday("春分の日"))
        #expect(try calendar.closure(Self.day("2027-03-22")) == .holiday("休日"))
        #expect(try calendar.isBusinessDay(Self.day("2027-03-23")))
        #expect(calendar.holidayName(Self.day("2027-09-20")) == "敬老の日")
        #expect(calendar.holidayName(Self.day("2026-11-30")) == nil)
    }

    @Test func nextBusinessDay() throws {
        let calendar = try Self.calendar()
        // ゴールデンウィーク 2026: Fri 5/1 → Thu 5/7.
        #expect(try calendar.nextBusinessDay(after: Self.day("2026-05-01")) == Self.day("2026-05-07"))
        // 年末年始: 12/30 (Wed) → 1/4 (Mon) 2027.
        #expect(try calendar.nextBusinessDay(after: Self.day("2026-12-30")) == Self.day("2027-01-04"))
        // シルバーウィーク 2026: Fri 9/18 → Thu 9/24.
        #expect(try calendar.nextBusinessDay(after: Self.day("2026-09-18")) == Self.day("2026-09-24"))
        #expect(try calendar.nextBusinessDay(after: Self.day("2026-11-27")) == Self.day("2026-11-30"))
        #expect(try calendar.businessDay(onOrAfter: Self.day("2026-11-30")) == Self.day("2026-11-30"))
        #expect(try calendar.businessDay(onOrAfter: Self.day("2026-11-28")) == Self.day("2026-11-30"))
    }

    @Test func aYearNotCoveredIsAnErrorNotAYearWithoutHolidays() throws {
        let calendar = try Self.calendar()
        #expect(throws: BusinessCalendarError.yearNotCovered(2028)) { try calendar.isBusinessDay(Self.day("2028-06-01")) }
        #expect(throws: BusinessCalendarError.yearNotCovered(2023)) { try calendar.isBusinessDay(Self.day("2023-06-01")) }
        // The search for the next business day leaves 2027 on 12/30: 12/31–1/3 closed, 2028 unknown.
        #expect(throws: BusinessCalendarError.yearNotCovered(2028)) { try calendar.nextBusinessDay(after: Self.day("2027-12-30")) }
        let empty = BusinessCalendar(holidays: [:], coveredYears: [])
        #expect(throws: BusinessCalendarError.yearNotCovered(2026)) { try empty.isBusinessDay(Self.day("2026-11-30")) }
    }
}
