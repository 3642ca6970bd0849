import BankCore
import BankServices
import Foundation

/// The 取消 form of a waiting 予約振込 (on its result and history screens).
struct ScheduledCancelForm {
    let action: String
    /// Until when it may be cancelled: 23:59 JST of the day before.
    let deadline: String
}

extension CustomerSite {
    /// A day as each language writes it: 2026年12月10日（木） / Thu 2026-12-10.
    static func dayText(_ day: JapanTime.Day, _ lang: Language) -> String {
        let weekday = lang.text("common.weekday.\(day.weekdayIndex)")
        return lang == .ja ? "\(day.japanese)（\(weekday)）" : "\(weekday) \(day.iso)"
    }

    /// The 状況 word, and who cancelled a booking when it was the bank (取消済（当組合による取消）):
    /// the customer did not do it, and the mail may not have been read yet.
    static func statusText(_ transfer: TransferView, _ lang: Language) -> String {
        let status = lang.text("transfer.status.\(transfer.status.rawValue)")
        return transfer.status == .cancelled && transfer.statusNote == "by_bank" ? status + lang.text("transfer.status_note.by_bank") : status
    }

    /// The 状況 of a transfer; a booking names its 振込指定日 (予約中（12月10日）).
    func scheduledStatus(_ transfer: TransferView, _ lang: Language) -> String {
        let status = Self.statusText(transfer, lang)
        guard let day = transfer.scheduledFor else { return status }
        return lang.text("transfer.status_with_day", status, Self.dayText(day, lang))
    }

    func scheduledCancelForm(_ transfer: TransferView, _ lang: Language) -> ScheduledCancelForm? {
        guard bank.scheduledTransfers.cancellable(transfer), let day = transfer.scheduledFor else { return nil }
        let deadline = ScheduleRules.cancelDeadline(for: day).addingTimeInterval(-60)
        return ScheduledCancelForm(action: CustomerRoute.scheduledTransferCancel(reception: transfer.receptionNumber).path,
                                   deadline: formatDateTime(deadline, lang))
    }
}
