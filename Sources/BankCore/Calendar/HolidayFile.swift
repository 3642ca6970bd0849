import Foundation

/// The Cabinet Office's list of national holidays (内閣府「国民の祝日について」, the file
/// `syukujitsu.csv`): a header line `国民の祝日・休日月日,国民の祝日・休日名称`, then one
/// `2024/1/1,元日` line per holiday, 振替休日 and 国民の休日 named `休日`. The office publishes it
/// in Shift_JIS; a copy saved as UTF-8 (with or without BOM) reads the same. The file covers
/// whole years: every year it names must list 1月1日 元日, so a truncated file is refused rather
/// than taken for a year with fewer holidays.
public struct HolidayFile: Sendable, Equatable {
    public let holidays: [JapanTime.Day: String]
    /// The years the file covers (each has its 元日).
    public let years: [Int]

    public static let header = ["国民の祝日・休日月日", "国民の祝日・休日名称"]

    /// Reads the bytes, UTF-8 or Shift_JIS (detected: the Japanese names are never valid UTF-8
    /// when encoded in Shift_JIS).
    public static func parse(_ data: Data) throws(HolidayFileError) -> HolidayFile {
        try parse(text: try decode(data))
    }

    public static func decode(_ data: Data) throws(HolidayFileError) -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(data: bytes, encoding: .utf8) { return text }
        if let text = String(data: bytes, encoding: .shiftJIS) { return text }
        throw HolidayFileError(line: 0, field: "file", problem: .encoding)
    }

    public static func parse(text: String) throws(HolidayFileError) -> HolidayFile {
        var holidays: [JapanTime.Day: String] = [:]
        var lineNumber = 0
        var headerChecked = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
            }
            // The header: the first line, when its first field is not a date.
            if !headerChecked, JapanTime.Day(iso: fields[0]) == nil {
                headerChecked = true
                guard fields == header || fields.map({ $0.lowercased() }) == ["date", "name"] else {
                    throw HolidayFileError(line: lineNumber, field: "header", problem: .header)
                }
                continue
            }
            headerChecked = true
            guard fields.count == 2 else { throw HolidayFileError(line: lineNumber, field: "line", problem: .fieldCount(fields.count)) }
            guard let day = JapanTime.Day(iso: fields[0]) else {
                throw HolidayFileError(line: lineNumber, field: "date", problem: .date(fields[0]))
            }
            guard !fields[1].isEmpty, fields[1].count <= 40 else {
                throw HolidayFileError(line: lineNumber, field: "name", problem: .name)
            }
            guard holidays[day] == nil else { throw HolidayFileError(line: lineNumber, field: "date", problem: .duplicate(day.iso)) }
            holidays[day] = fields[1]
        }
        guard !holidays.isEmpty else { throw HolidayFileError(line: lineNumber, field: "file", problem: .noEntries) }
        let years = Set(holidays.keys.map(\.year)).sorted()
        for year in years where holidays[JapanTime.Day(year: year, month: 1, day: 1)!] == nil {
            throw HolidayFileError(line: 0, field: "date", problem: .incompleteYear(year))
        }
        return HolidayFile(holidays: holidays, years: years)
    }

    /// The calendar these holidays make.
    public var calendar: BusinessCalendar { BusinessCalendar(holidays: holidays, coveredYears: Set(years)) }

    /// The file as the Cabinet Office writes it (UTF-8 here; CR LF line ends), holidays in date order.
    public static func text(_ holidays: [JapanTime.Day: String]) -> String {
        ([header.joined(separator: ",")] + holidays.sorted { $0.key < $1.key }.map { day, name in
            "\(day.year)/\(day.month)/\(day.day),\(name)"
        }).joined(separator: "\r\n") + "\r\n"
    }
}
