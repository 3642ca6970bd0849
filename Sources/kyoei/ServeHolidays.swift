import BankCore
import BankServices
import Foundation

/// What `kyoei serve` does with the holiday list before it listens: imports KYOEI_HOLIDAYS_FILE
/// (when it differs from what is stored), then refuses to start without this year's and next
/// year's holidays in Japan — a calendar that silently had no holidays would book and send
/// transfers on 祝日.
enum ServeHolidays {
    static func prepare(_ bank: Bank, file: String?) async throws {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ConfigError("KYOEI_HOLIDAYS_FILE: cannot read \(file)")
            }
            do {
                let result = try await bank.calendar.importFile(data, source: file, by: .system, onlyIfChanged: true)
                if result.changed {
                    print("祝日データを取り込みました (holidays imported from KYOEI_HOLIDAYS_FILE \(file)): \(result.years.map(String.init).joined(separator: ", "))")
                }
            } catch BankError.holidayImport(let error) {
                throw ConfigError("KYOEI_HOLIDAYS_FILE \(file): \(error.description)")
            }
        }
        let missing = try await bank.calendar.missingYearsAtStart()
        guard missing.isEmpty else {
            throw ConfigError("祝日データに \(missing.map(String.init).joined(separator: "年, "))年 がありません (the holiday list does not cover \(missing.map(String.init).joined(separator: ", "))): import the Cabinet Office's syukujitsu.csv with `kyoei admin holidays import FILE` or set KYOEI_HOLIDAYS_FILE")
        }
    }
}
