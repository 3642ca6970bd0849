import BankCore
import BankServices
import Foundation

/// 振込指定日 on 金額入力: 本日 (the default: the transfer is made at once, as ever) or a date
/// (予約振込). Without script the radio and the date field work as they are; the browser's
/// own date picker is used where it has one.
struct ScheduleField {
    let today: Bool
    let later: Bool
    let day: String
    /// `min` / `max` of the date field: tomorrow and the last day the bank books.
    let min: String
    let max: String
    let hint: String
    /// The refusal of the date, beside the field.
    let error: String?
}

/// What the form sent: 本日, or 指定日 with the day typed.
struct ScheduleChoice {
    let later: Bool
    let day: String

    /// What the service reads: "" for 本日; a date chosen with no day typed is a bad date, not 本日.
    var serviceValue: String { later ? (day.isEmpty ? "-" : day) : "" }
}

extension CustomerSite {
    static func scheduleChoice(_ form: FormBody) -> ScheduleChoice {
        ScheduleChoice(later: form.value("when") == "later", day: String(form.value("scheduled_for").prefix(20)))
    }

    func scheduleField(_ choice: ScheduleChoice, _ lang: Language, error: String? = nil) -> ScheduleField {
        let today = JapanTime.Day(containing: bank.context.clock.now())
        let days = bank.context.settings.transfers.scheduleDaysAhead
        return ScheduleField(today: !choice.later, later: choice.later, day: choice.day, min: today.adding(days: 1).iso,
                             max: today.adding(days: days).iso, hint: lang.text("transfer_amount.schedule_hint", String(days)), error: error)
    }
}
