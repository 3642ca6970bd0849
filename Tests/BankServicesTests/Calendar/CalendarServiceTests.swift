import BankCore
import BankServices
import BankStore
import BankTestSupport
import Foundation
import Testing

/// The holiday list as the bank stores it: seeded from the bundled file, replaced a year at a
/// time by the operator's import, read back as the business-day calendar.
@Suite struct CalendarServiceTests {
    static let header = "国民の祝日・休日月日,国民の祝日・休日名称\r\n"

    static func day(_ text: String) -> JapanTime.Day { JapanTime.Day(iso: text)! }

    @Test(arguments: TestDatabases.engines)
    func everyBankStartsWithTheBundledYears(engine: DatabaseEngine) async throws {
        try await BankWorld.with(engine) { world in
            let years = try await world.bank.calendar.years()
            #expect(years.map(\.year) == [2024, 2025, 2026, 2027])
            #expect(years.allSatisfy { $0.source == "bundled" })
            #expect(years.map(\.holidays) == [21, 19, 18, 17])
            let calendar = try await world.bank.database.read { db in try await world.bank.businessCalendar(db) }
            #expect(try calendar.closure(Self.day("2025-09-15")) == .holiday("敬老の日"))
            #expect(try calendar.closure(Self.day("2026-05-06")) == .holiday("休日"))
            #expect(try !calendar.isBusinessDay(Self.day("2025-12-31")))
            #expect(try !calendar.isBusinessDay(Self.day("2026-01-02")))
            #expect(try calendar.isBusinessDay(Self.day("2026-11-30")))
            #expect(throws: BusinessCalendarError.yearNotCovered(2028)) { try calendar.isBusinessDay(Self.day("2028-01-04")) }
            // Seeding again adds nothing.
            #expect(try await world.bank.calendar.seedBundled().isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func importReplacesTheYearsTheFileCoversInOneAuditedStep(engine: DatabaseEngine) async throws {
        try await BankWorld.with(engine) { world in
            // A Shift_JIS file as the Cabinet Office publishes it: 2027 corrected (a made-up
            // extra holiday) and 2028 new.
            let text = Self.header + "2027/1/1,元日\r\n2027/6/15,臨時休日\r\n2028/1/1,元日\r\n2028/1/10,成人の日\r\n"
            let data = try #require(text.data(using: .shiftJIS))
            let result = try await world.bank.calendar.importFile(data, source: "/tmp/x/syukujitsu.csv", by: .operator(name: "ops"))
            #expect(result == HolidayImport(years: [2027, 2028], holidays: 4, changed: true))
            let years = try await world.bank.calendar.years()
            #expect(years.map(\.year) == [2024, 2025, 2026, 2027, 2028])
            #expect(years.map(\.source) == ["bundled", "bundled", "bundled", "syukujitsu.csv", "syukujitsu.csv"])
            #expect(try await world.bank.calendar.holidays(year: 2027).map(\.name) == ["元日", "臨時休日"])
            #expect(try await world.bank.calendar.holidays(year: 2026).count == 18, "other years untouched")
            let calendar = try await world.bank.database.read { db in try await world.bank.businessCalendar(db) }
            #expect(try calendar.isBusinessDay(Self.day("2027-09-20")), "the replaced year lost 敬老の日")
            #expect(try calendar.closure(Self.day("2027-06-15")) == .holiday("臨時休日"))
            let audit = try #require(try await world.audit(event: "holidays_imported").first)
            #expect(audit.detail == "file=syukujitsu.csv years=2027,2028 count=4")
            #expect(audit.actor == "staff:ops")
            // The bundled copy never overwrites an imported year.
            #expect(try await world.bank.calendar.seedBundled().isEmpty)
            #expect(try await world.bank.calendar.holidays(year: 2027).count == 2)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theSameFileAtStartChangesNothing(engine: DatabaseEngine) async throws {
        try await BankWorld.with(engine) { world in
            let bundled = try BundledHolidays.file()
            let data = Data(HolidayFile.text(bundled.holidays).utf8)
            let before = try await TableDump.take(world.bank.database)
            let result = try await world.bank.calendar.importFile(data, source: "syukujitsu.csv", by: .system, onlyIfChanged: true)
            #expect(!result.changed)
            #expect(before.changes(to: try await TableDump.take(world.bank.database)).isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aBadFileChangesNothing(engine: DatabaseEngine) async throws {
        try await BankWorld.with(engine) { world in
            let before = try await TableDump.take(world.bank.database)
            let bad = Self.header + "2027/1/1,元日\r\n2027/13/1,ありえない日\r\n"
            await #expect(throws: BankError.holidayImport(HolidayFileError(line: 3, field: "date", problem: .date("2027/13/1")))) {
                try await world.bank.calendar.importFile(Data(bad.utf8), source: "bad.csv", by: .operator(name: "ops"))
            }
            await #expect(throws: BankError.holidayImport(HolidayFileError(line: 0, field: "file", problem: .encoding))) {
                try await world.bank.calendar.importFile(Data([0xFF, 0xFE, 0x00, 0x81]), source: "bad.csv", by: .operator(name: "ops"))
            }
            // Staff on the web cannot import: the command line only.
            let staff = BankActor.staff(StaffIdentity(id: 1, loginID: "counter01", name: "窓口 一郎", role: .supervisor))
            await #expect(throws: BankError.staff(.forbidden)) {
                try await world.bank.calendar.importFile(Data((Self.header + "2027/1/1,元日\r\n").utf8), source: "x.csv", by: staff)
            }
            #expect(before.changes(to: try await TableDump.take(world.bank.database)).isEmpty)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func missingYears(engine: DatabaseEngine) async throws {
        try await BankWorld.with(engine) { world in
            let now = try await world.bank.calendar.missingYears([2026, 2027])
            let later = try await world.bank.calendar.missingYears([2027, 2028])
            #expect(now.isEmpty && later == [2028])
            // Start needs every year up to the booking horizon (31 days) and a month more:
            // on 2027-01-01 (before the Cabinet Office's 2028 list exists) 2027 is enough; from
            // 2027-10-31 00:00 JST (62 days before 2028-01-01) 2028 is needed.
            #expect(try await world.bank.calendar.missingYearsAtStart().isEmpty)
            world.clock.set(JapanTime.Day(year: 2027, month: 1, day: 1)!.start)
            #expect(try await world.bank.calendar.missingYearsAtStart().isEmpty)
            world.clock.set(JapanTime.Day(year: 2027, month: 10, day: 31)!.start.addingTimeInterval(-1))
            #expect(try await world.bank.calendar.missingYearsAtStart().isEmpty)
            world.clock.advance(by: 1)
            #expect(try await world.bank.calendar.missingYearsAtStart() == [2028])
        }
    }
}
