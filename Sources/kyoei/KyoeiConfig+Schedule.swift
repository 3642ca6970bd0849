import BankCore
import BankServices
import Configuration

extension KyoeiConfig {
    /// KYOEI_SCHEDULE_DAYS_AHEAD and KYOEI_SCHEDULE_HOUR (予約振込). A bad value stops every command at start.
    static func scheduleSettings(_ config: ConfigReader, into transfers: inout TransferSettings) throws {
        if let text = config.string(forKey: "kyoei.schedule.days.ahead") {
            guard let days = Int(text.trimmingCharacters(in: .whitespaces)), (1...365).contains(days) else {
                throw ConfigError("KYOEI_SCHEDULE_DAYS_AHEAD must be a whole number of days from 1 to 365 (got \"\(text)\")")
            }
            transfers.scheduleDaysAhead = days
        }
        if let text = config.string(forKey: "kyoei.schedule.hour") {
            guard let hour = Int(text.trimmingCharacters(in: .whitespaces)), (0...23).contains(hour) else {
                throw ConfigError("KYOEI_SCHEDULE_HOUR must be an hour of the day in JST from 0 to 23 (got \"\(text)\")")
            }
            transfers.scheduleHour = hour
        }
    }
}
