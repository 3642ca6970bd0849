import BankCore
import BankServices
import Foundation

/// One 予約振込 as the back office's list and detail show it.
struct StaffScheduledRow {
    let id: String
    let path: String
    let receptionNumber: String
    let scheduledFor: String
    let customerPath: String
    let loginID: String
    let customerName: String
    let destination: String
    let holderName: String
    let amount: String
    let fee: String
    let bookedAt: String
    let status: String
    let statusClass: String
    /// Until when the bank may still cancel it (the run hour of its 振込指定日, JST).
    let deadline: String
    let cancellable: Bool
    /// The pending 取消 request's page, when one waits.
    let pendingRequestPath: LocalOptional<String>
}

extension StaffSite {
    func scheduledRow(_ booking: ScheduledBookingView, _ lang: Language) -> StaffScheduledRow {
        let transfer = booking.transfer
        let day = transfer.scheduledFor
        return StaffScheduledRow(
            id: String(transfer.id), path: StaffRoute.scheduledBooking(id: transfer.id).path,
            receptionNumber: transfer.receptionNumber,
            scheduledFor: day.map { CustomerSite.dayText($0, lang) } ?? "—",
            customerPath: StaffRoute.customer(id: transfer.customerID).path, loginID: booking.loginID,
            customerName: "\(booking.nameKanji)（\(booking.nameKana)）",
            destination: "\(transfer.bankCode)-\(transfer.branchCode) \(lang.text(transfer.accountType.labelKey)) \(transfer.accountNumber)",
            holderName: transfer.holderName, amount: transfer.amount.formatted, fee: transfer.fee.formatted,
            bookedAt: formatTimestamp(transfer.createdAt), status: lang.text("transfer.status.\(transfer.status.rawValue)"),
            statusClass: transfer.status.rawValue,
            deadline: booking.bankCancelDeadline.map { String(formatTimestamp($0).prefix(16)) } ?? "—",
            cancellable: booking.bankCancellable,
            pendingRequestPath: LocalOptional(booking.pendingCancelRequest.map { StaffRoute.request(id: $0).path }))
    }
}
