import BankCore
import Foundation
import SQLKit

/// A year of the holiday list as stored: where it came from and when.
public struct HolidayYear: Sendable, Equatable, Codable {
    public var year: Int
    public var source: String
    public var importedAt: Date
    public var holidays: Int
}

/// One listed holiday.
public struct HolidayEntry: Sendable, Equatable {
    public var day: JapanTime.Day
    public var name: String
}

/// The `holidays` and `holiday_years` tables (migration 10).
public enum HolidayRecords {
    /// Replaces every year `holidays` covers with its entries (a newer Cabinet Office file
    /// corrects a year as a whole). Run inside the caller's transaction.
    public static func replace(_ db: any SQLDatabase, holidays: [JapanTime.Day: String], years: [Int], source: String,
                               at now: Date) async throws {
        for year in years {
            try await db.raw("DELETE FROM holidays WHERE year = \(bind: year)").run()
            try await db.raw("DELETE FROM holiday_years WHERE year = \(bind: year)").run()
            try await db.raw("""
                INSERT INTO holiday_years (year, source, imported_at) VALUES (\(bind: year), \(bind: source), \(bind: now.millis))
                """).run()
        }
        for (day, name) in holidays.sorted(by: { $0.key < $1.key }) {
            try await db.raw("INSERT INTO holidays (day, year, name) VALUES (\(bind: day.iso), \(bind: day.year), \(bind: name))").run()
        }
    }

    /// The years stored, with their number of holidays, in order.
    public static func years(_ db: any SQLDatabase) async throws -> [HolidayYear] {
        try await db.raw("""
            SELECT y.year, y.source, y.imported_at, COUNT(h.day) AS holidays
            FROM holiday_years y LEFT JOIN holidays h ON h.year = y.year
            GROUP BY y.year, y.source, y.imported_at ORDER BY y.year
            """).all().map { row in
            HolidayYear(year: try row.decode(column: "year", as: Int.self), source: try row.decode(column: "source", as: String.self),
                        importedAt: Date(millis: try row.decode(column: "imported_at", as: Int64.self)),
                        holidays: try row.decode(column: "holidays", as: Int.self))
        }
    }

    /// The holidays of one year, or of every year, in date order.
    public static func list(_ db: any SQLDatabase, year: Int? = nil) async throws -> [HolidayEntry] {
        let rows = if let year {
            try await db.raw("SELECT day, name FROM holidays WHERE year = \(bind: year) ORDER BY day").all()
        } else {
            try await db.raw("SELECT day, name FROM holidays ORDER BY day").all()
        }
        return try rows.map { row in
            let text = try row.decode(column: "day", as: String.self)
            guard let day = JapanTime.Day(iso: text) else { throw HolidayRowError(day: text) }
            return HolidayEntry(day: day, name: try row.decode(column: "name", as: String.self))
        }
    }

    /// The business-day calendar of everything stored.
    public static func calendar(_ db: any SQLDatabase) async throws -> BusinessCalendar {
        let covered = Set(try await years(db).map(\.year))
        let entries = try await list(db)
        return BusinessCalendar(holidays: Dictionary(entries.map { ($0.day, $0.name) }, uniquingKeysWith: { first, _ in first }),
                                coveredYears: covered)
    }
}

/// A stored day that is not a date (written by hand into the table).
public struct HolidayRowError: Error, CustomStringConvertible {
    public let day: String
    public var description: String { "holidays: stored day \"\(day)\" is not a date" }
}
