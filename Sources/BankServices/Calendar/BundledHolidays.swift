import BankCore
import Foundation

/// The holiday list shipped with the bank (`syukujitsu.csv` next to this file, the Cabinet
/// Office's layout, 2024–2027 as published by 内閣府 and checked against the 祝日法 in
/// BundledHolidaysTests). It seeds a new database; later years come from the operator's import.
public enum BundledHolidays {
    /// The `source` stored for years that came from this file.
    public static let source = "bundled"

    public enum Missing: Error, CustomStringConvertible {
        case resource
        public var description: String { "the bundled syukujitsu.csv is missing from the BankServices resources" }
    }

    public static func file() throws -> HolidayFile {
        guard let url = Bundle.module.url(forResource: "syukujitsu", withExtension: "csv"),
              let data = try? Data(contentsOf: url) else { throw Missing.resource }
        return try HolidayFile.parse(data)
    }
}
