import ArgumentParser
import BankCore
import BankServices
import BankStore
import Foundation

/// `kyoei admin holidays …`: the national holidays the business-day calendar (予約振込, the
/// interbank batch, pending limit raises) is computed from. The Cabinet Office publishes the
/// next year's list each February (内閣府「国民の祝日について」, syukujitsu.csv).
struct HolidaysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays", abstract: "The national holidays (祝日) of the business-day calendar: import the Cabinet Office's file, list.",
        subcommands: [ImportHolidays.self, ListHolidays.self])
}

struct ImportHolidays: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load the Cabinet Office's syukujitsu.csv (Shift_JIS as published, or UTF-8). Every year the file lists replaces the stored year; a file with any bad line imports nothing.")
    @OptionGroup var options: AdminOptions
    @Argument(help: "The file, e.g. syukujitsu.csv from https://www8.cao.go.jp/chosei/shukujitsu/gaiyou.html.") var file: String

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw options.usageError(field: "file", ja: "ファイル \(file) を読めません", en: "cannot read the file \(file)")
        }
        let result = try await options.perform { bank in
            try await bank.calendar.importFile(data, source: file, by: .operator(name: options.staffName))
        }
        Output.emit(json: options.json, value: result,
                    text: "祝日データを取り込みました (holidays imported): \(result.years.map(String.init).joined(separator: ", ")) 年, \(result.holidays) 件")
    }
}

struct ListHolidays: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The years stored (where each came from), or one year's holidays with --year.")
    @OptionGroup var options: AdminOptions
    @Option(name: .long, help: "A year, e.g. 2027: list its holidays.") var year: Int?

    struct YearView: Encodable {
        var year: Int
        var source: String
        var importedAt: Date
        var holidays: Int
        enum CodingKeys: String, CodingKey { case year, source, importedAt = "imported_at", holidays }
    }

    struct HolidayView: Encodable {
        var date: String
        var weekday: String
        var name: String
    }

    static let weekdays = ["日", "月", "火", "水", "木", "金", "土"]

    func run() async throws {
        guard let year else {
            let years = try await options.perform { bank in try await bank.calendar.years() }
                .map { YearView(year: $0.year, source: $0.source, importedAt: $0.importedAt, holidays: $0.holidays) }
            Output.emit(json: options.json, value: years, text: years.isEmpty ? "(no holidays: kyoei admin holidays import syukujitsu.csv)"
                : years.map { "\($0.year)  祝日 \($0.holidays) 件  \($0.source)  \(JapanTime.isoDateTime($0.importedAt))" }.joined(separator: "\n"))
            return
        }
        let entries = try await options.perform { bank in
            guard try await bank.calendar.missingYears([year]).isEmpty else {
                throw BankError.invalidInput([FieldError(field: "year", messageKey: "error.holidays.year_not_covered")])
            }
            return try await bank.calendar.holidays(year: year)
        }
        let views = entries.map { HolidayView(date: $0.day.iso, weekday: Self.weekdays[$0.day.weekdayIndex], name: $0.name) }
        Output.emit(json: options.json, value: views, text: views.map { "\($0.date) (\($0.weekday)) \($0.name)" }.joined(separator: "\n"))
    }
}
