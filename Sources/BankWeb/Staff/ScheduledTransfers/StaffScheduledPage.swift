import BankCore
import BankServices
import Foundation
import Hummingbird

/// 予約中の振込: every booking still waiting, nearest 振込指定日 first, filtered by a range of
/// 振込指定日 and by customer (GET form: the filter is in the address, so it can be bookmarked).
/// A bad filter shows the form again with the error beside the field and no rows.
extension StaffSite {
    func scheduledList(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let lang = language(request)
        let query = Self.query(request)
        let from = String((query["from"] ?? "").prefix(20)), to = String((query["to"] ?? "").prefix(20))
        let loginID = String((query["login_id"] ?? "").prefix(64))
        var rows: [StaffScheduledRow] = []
        var truncated = false
        var failure: BankError?
        do {
            let list = try await bank.scheduledTransfers.backOfficeList(from: from, to: to, loginID: loginID, by: .staff(current.staff),
                                                                        client: client(request, context))
            rows = list.bookings.map { scheduledRow($0, lang) }
            truncated = list.truncated
        } catch let error as BankError {
            guard case .invalidInput = error else { throw error }
            failure = error
        }
        let model = StaffScheduledPageModel(
            formAction: StaffRoute.scheduled.path, fromValue: from, toValue: to, loginIDValue: loginID,
            fieldErrors: failure.map { $0.fieldMessages(lang) } ?? [:], rows: rows, hasRows: !rows.isEmpty,
            rowCount: lang.text("staff.rows_shown", String(rows.count)),
            truncated: truncated ? lang.text("staff.rows_truncated", String(rows.count)) : nil,
            deadlineNote: lang.text("staff_scheduled.deadline_note", String(bank.settings.transfers.scheduleHour)))
        return try page("staff_scheduled", model, chrome(request, titleKey: "staff_scheduled.title", current,
                                                         errors: failure.map { messages($0, lang) } ?? []),
                        status: failure == nil ? .ok : .badRequest)
    }
}
