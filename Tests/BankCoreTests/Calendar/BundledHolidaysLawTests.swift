import BankCore
import Foundation
import Testing

/// The shipped list against the law (国民の祝日に関する法律): every fixed and Happy Monday
/// holiday, 春分・秋分 as the 国立天文台 announced them (官報), 振替休日 (第3条2項: a Sunday
/// holiday moves to the next day that is not one) and 国民の休日 (第3条3項: a day between two
/// holidays). A mistyped line in the data file fails here.
@Suite struct BundledHolidaysLawTests {
    /// 春分の日 and 秋分の日 (day of March, day of September).
    static let equinoxes = [2024: (20, 22), 2025: (20, 23), 2026: (20, 23), 2027: (21, 23)]

    static func nthMonday(_ year: Int, _ month: Int, _ n: Int) -> JapanTime.Day {
        var day = JapanTime.Day(year: year, month: month, day: 1)!
        while day.weekdayIndex != 1 { day = day.adding(days: 1) }
        return day.adding(days: 7 * (n - 1))
    }

    static func law(_ year: Int) -> [JapanTime.Day: String] {
        func d(_ m: Int, _ dd: Int) -> JapanTime.Day { JapanTime.Day(year: year, month: m, day: dd)! }
        let (spring, autumn) = equinoxes[year]!
        var holidays: [JapanTime.Day: String] = [
            d(1, 1): "元日", nthMonday(year, 1, 2): "成人の日", d(2, 11): "建国記念の日", d(2, 23): "天皇誕生日",
            d(3, spring): "春分の日", d(4, 29): "昭和の日", d(5, 3): "憲法記念日", d(5, 4): "みどりの日", d(5, 5): "こどもの日",
            nthMonday(year, 7, 3): "海の日", d(8, 11): "山の日", nthMonday(year, 9, 3): "敬老の日", d(9, autumn): "秋分の日",
            nthMonday(year, 10, 2): "スポーツの日", d(11, 3): "文化の日", d(11, 23): "勤労感謝の日",
        ]
        for day in holidays.keys.sorted() where day.weekdayIndex == 0 {
            var substitute = day.adding(days: 1)
            while holidays[substitute] != nil { substitute = substitute.adding(days: 1) }
            holidays[substitute] = "休日"
        }
        var day = d(1, 2)
        while day.year == year {
            if holidays[day] == nil, day.weekdayIndex != 0, holidays[day.adding(days: -1)].map({ $0 != "休日" }) == true,
               holidays[day.adding(days: 1)] != nil {
                holidays[day] = "休日"
            }
            day = day.adding(days: 1)
        }
        return holidays
    }

    @Test func theShippedListIsTheLaw() throws {
        let file = try HolidayFile.parse(try Data(contentsOf: BusinessCalendarTests.bundledFile))
        #expect(file.years == [2024, 2025, 2026, 2027])
        var expected: [JapanTime.Day: String] = [:]
        for year in file.years { expected.merge(Self.law(year)) { first, _ in first } }
        #expect(file.holidays == expected)
        #expect(file.holidays.count == 21 + 19 + 18 + 17)
    }
}
