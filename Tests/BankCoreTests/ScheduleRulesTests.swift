import BankCore
import Foundation
import Testing

/// 予約振込's rules on fixed dates: which 振込指定日 may be booked, the 取消 deadline, the run day.
@Suite struct ScheduleRulesTests {
    static let calendar = BusinessCalendar(
        holidays: [JapanTime.Day(year: 2026, month: 11, day: 23)!: "勤労感謝の日", JapanTime.Day(year: 2027, month: 1, day: 1)!: "元日",
                   JapanTime.Day(year: 2027, month: 1, day: 11)!: "成人の日"],
        coveredYears: [2026, 2027])

    /// 2026-12-09 (水) 10:00 JST.
    static let now = JapanTime.Day(year: 2026, month: 12, day: 9)!.start.addingTimeInterval(10 * 3600)

    func day(_ text: String) -> JapanTime.Day { JapanTime.Day(iso: text)! }

    func book(_ raw: String, daysAhead: Int = 31, now: Date = now) throws(ScheduleRefusal) -> JapanTime.Day? {
        try ScheduleRules.bookingDay(raw, now: now, daysAhead: daysAhead, calendar: Self.calendar)
    }

    @Test func todayOrBlankIsTheImmediateTransfer() throws {
        #expect(try book("") == nil)
        #expect(try book("2026-12-09") == nil)
        #expect(try book("２０２６/１２/９") == nil, "full-width digits and slashes read too")
    }

    @Test func aBusinessDayAheadIsBooked() throws {
        #expect(try book("2026-12-10") == day("2026-12-10"))
        #expect(try book("2027-01-08") == day("2027-01-08"), "31 calendar days ahead is 2027-01-09; 01-08 is a Friday")
    }

    @Test func closedDaysAreRefusedNamingTheNextBusinessDay() {
        #expect(throws: ScheduleRefusal.notBusinessDay(day: day("2026-12-12"), next: day("2026-12-14"))) { try book("2026-12-12") }
        #expect(throws: ScheduleRefusal.notBusinessDay(day: day("2026-12-31"), next: day("2027-01-04"))) { try book("2026-12-31") }
        #expect(throws: ScheduleRefusal.notBusinessDay(day: day("2027-01-01"), next: day("2027-01-04"))) { try book("2027-01-01") }
    }

    @Test func pastFarAndUnreadableDaysAreRefused() {
        #expect(throws: ScheduleRefusal.invalidDate) { try book("2026-12-08") }
        #expect(throws: ScheduleRefusal.invalidDate) { try book("2026-02-30") }
        #expect(throws: ScheduleRefusal.invalidDate) { try book("tomorrow") }
        #expect(throws: ScheduleRefusal.tooFarAhead(last: day("2027-01-09"))) { try book("2027-01-12") }
        #expect(throws: ScheduleRefusal.tooFarAhead(last: day("2026-12-14"))) { try book("2026-12-15", daysAhead: 5) }
    }

    @Test func aYearTheCalendarDoesNotCoverIsRefused() {
        let late = JapanTime.Day(year: 2027, month: 12, day: 20)!.start
        #expect(throws: ScheduleRefusal.yearNotCovered(2028)) { try book("2028-01-05", now: late) }
    }

    @Test func cancelUntil2359OfTheDayBefore() {
        let booked = day("2026-12-11")
        let lastMinute = day("2026-12-10").start.addingTimeInterval(24 * 3600 - 1)
        #expect(ScheduleRules.canCancel(scheduledFor: booked, now: lastMinute))
        #expect(!ScheduleRules.canCancel(scheduledFor: booked, now: booked.start))
        #expect(!ScheduleRules.canCancel(scheduledFor: booked, now: booked.start.addingTimeInterval(3600)))
    }

    /// The bank's cut-off is the run hour of the day: the customer's deadline with hour 0, later with a later run.
    @Test func theBankMayCancelUntilTheRunHour() {
        let booked = day("2026-12-11")
        #expect(ScheduleRules.bankCancelDeadline(for: booked, hour: 0) == ScheduleRules.cancelDeadline(for: booked))
        #expect(ScheduleRules.bankCanCancel(scheduledFor: booked, now: booked.start.addingTimeInterval(-1), hour: 0))
        #expect(!ScheduleRules.bankCanCancel(scheduledFor: booked, now: booked.start, hour: 0))
        #expect(ScheduleRules.bankCanCancel(scheduledFor: booked, now: booked.start.addingTimeInterval(9 * 3600 - 1), hour: 9))
        #expect(!ScheduleRules.bankCanCancel(scheduledFor: booked, now: booked.start.addingTimeInterval(9 * 3600), hour: 9))
    }

    @Test func theRunDayStartsAtTheConfiguredHour() {
        let start = day("2026-12-11").start
        #expect(ScheduleRules.runDay(now: start, hour: 0) == day("2026-12-11"))
        #expect(ScheduleRules.runDay(now: start.addingTimeInterval(3599), hour: 1) == nil)
        #expect(ScheduleRules.runDay(now: start.addingTimeInterval(3600), hour: 1) == day("2026-12-11"))
        #expect(ScheduleRules.isLate(scheduledFor: day("2026-12-11"), executedOn: day("2026-12-14")))
        #expect(!ScheduleRules.isLate(scheduledFor: day("2026-12-11"), executedOn: day("2026-12-11")))
    }
}
