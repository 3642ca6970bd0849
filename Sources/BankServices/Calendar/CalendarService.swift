import BankCore
import BankStore
import Foundation
import SQLKit

/// The business-day calendar's holiday list: seeded from the bundled Cabinet Office file,
/// updated each year by `kyoei admin holidays import` or `KYOEI_HOLIDAYS_FILE` at start, read
/// by every feature through `businessCalendar(db)`.
public struct CalendarService: BankUseCase {
    public let context: BankContext

    public init(context: BankContext) {
        self.context = context
    }
}

/// What an import did.
public struct HolidayImport: Sendable, Equatable, Codable {
    public var years: [Int]
    public var holidays: Int
    /// false when the stored years already held exactly this list (nothing written).
    public var changed: Bool

    public init(years: [Int], holidays: Int, changed: Bool) {
        self.years = years; self.holidays = holidays; self.changed = changed
    }
}

extension CalendarService {
    /// `kyoei admin holidays import FILE`: the Cabinet Office's list (Shift_JIS or UTF-8)
    /// replaces every year it covers, in one transaction with its audit row. A bad file
    /// changes nothing. `onlyIfChanged` (the import at start) writes, and audits, only when
    /// the file differs from what is stored.
    public func importFile(_ data: Data, source: String, by actor: BankActor, onlyIfChanged: Bool = false) async throws -> HolidayImport {
        try actor.requireOperator()
        let file: HolidayFile
        do { file = try HolidayFile.parse(data) } catch { throw BankError.holidayImport(error) }
        let now = clock.now()
        let name = String(source.split(separator: "/").last ?? Substring(source))
        return try await database.transaction { db in
            try await db.takeTurn(.holidays)
            if onlyIfChanged, try await Self.stored(db, years: file.years) == file.holidays {
                return HolidayImport(years: file.years, holidays: file.holidays.count, changed: false)
            }
            try await HolidayRecords.replace(db, holidays: file.holidays, years: file.years, source: name, at: now)
            try await AuditRecords.write(db, .holidaysImported, .success, by: AuditActor(actor), client: .commandLine,
                detail: [.field(.file, name), .field(.years, file.years.map(String.init).joined(separator: ",")),
                         .field(.count, file.holidays.count)], at: now)
            return HolidayImport(years: file.years, holidays: file.holidays.count, changed: true)
        }
    }

    /// The bundled list's years the table does not have yet (a new database, or a release with
    /// a newer list): an operator's import of a year is never overwritten by the bundled copy.
    @discardableResult
    public func seedBundled() async throws -> [Int] {
        let file = try BundledHolidays.file()
        let now = clock.now()
        return try await database.transaction { db in
            // Servers starting together on a new database: one fills the list, the others then find it.
            try await db.takeTurn(.holidays)
            let stored = Set(try await HolidayRecords.years(db).map(\.year))
            let missing = file.years.filter { !stored.contains($0) }
            guard !missing.isEmpty else { return [] }
            try await HolidayRecords.replace(db, holidays: file.holidays.filter { missing.contains($0.key.year) }, years: missing,
                                             source: BundledHolidays.source, at: now)
            return missing
        }
    }

    /// `kyoei admin holidays list`: the years stored.
    public func years() async throws -> [HolidayYear] {
        try await database.read { db in try await HolidayRecords.years(db) }
    }

    /// `kyoei admin holidays list --year Y`: one year's holidays (or every year's).
    public func holidays(year: Int? = nil) async throws -> [HolidayEntry] {
        try await database.read { db in try await HolidayRecords.list(db, year: year) }
    }

    /// The years of `years` the table does not cover.
    public func missingYears(_ years: [Int]) async throws -> [Int] {
        let stored = Set(try await self.years().map(\.year))
        return years.filter { !stored.contains($0) }
    }

    /// The years the bank must know the holidays of today: every year from today (JST, by the
    /// bank's clock) to the furthest day a booking can be judged on (the booking horizon, and
    /// a month more for the business day after it). `kyoei serve` refuses to start when one is
    /// missing, as a calendar without holidays would book and send on 祝日. Not simply "this
    /// year and next": the Cabinet Office publishes next year's list only around February, so
    /// that rule would stop every start in January.
    public func missingYearsAtStart() async throws -> [Int] {
        let today = today()
        let horizon = today.adding(days: settings.transfers.scheduleDaysAhead + 31)
        return try await missingYears(Array(today.year...horizon.year))
    }

    private static func stored(_ db: any SQLDatabase, years: [Int]) async throws -> [JapanTime.Day: String]? {
        let storedYears = Set(try await HolidayRecords.years(db).map(\.year))
        guard Set(years).isSubset(of: storedYears) else { return nil }
        var result: [JapanTime.Day: String] = [:]
        for year in years {
            for entry in try await HolidayRecords.list(db, year: year) { result[entry.day] = entry.name }
        }
        return result
    }
}

extension BankUseCase {
    /// The business-day calendar as stored now (the whole list: a few dozen rows a year).
    public func businessCalendar(_ db: any SQLDatabase) async throws -> BusinessCalendar {
        try await HolidayRecords.calendar(db)
    }
}
