import BankCore
import BankServices
import Foundation
import Hummingbird

/// One 予約振込 and 取消の申請: a 事務担当 or 役席 asks with a reason; the request waits for a
/// different 役席 (/staff/requests/:id), who carries the cancel out. The form is offered only
/// while the booking may still be cancelled by the bank and no request waits; the service
/// checks again either way (a 監査 posting the form is refused and audited).
extension StaffSite {
    func scheduledBooking(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        guard let id = Self.positiveID(context.parameters.get("id")) else {
            return try errorPage(request, messageKey: "error.transfer.not_found", status: .notFound, csrf: current.session.csrfToken,
                                 staff: current.staff)
        }
        return try await renderScheduledBooking(request, context, current, id: id)
    }

    func requestScheduledCancel(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        guard let id = Self.positiveID(context.parameters.get("id")) else {
            return try errorPage(request, messageKey: "error.transfer.not_found", status: .notFound, csrf: current.session.csrfToken,
                                 staff: current.staff)
        }
        let form = try await FormBody.read(request, context: context)
        let reason = String(form.value("reason").prefix(400))
        do {
            let made = try await bank.scheduledTransfers.requestCancel(id: id, reason: reason, by: .staff(current.staff),
                                                                        client: client(request, context))
            return HTTPResponses.redirect(to: StaffRoute.request(id: made.id), query: ["made": "1"])
        } catch let error as BankError {
            if error == .staff(.forbidden) || error == .transferNotFound { throw error }
            return try await renderScheduledBooking(request, context, current, id: id, failed: (reason, error))
        }
    }

    private func renderScheduledBooking(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, id: Int64,
                                        failed: (reason: String, error: BankError)? = nil) async throws -> Response {
        let lang = language(request)
        let booking = try await bank.scheduledTransfers.backOfficeFind(id: id, by: .staff(current.staff), client: client(request, context))
        let row = scheduledRow(booking, lang)
        var fieldErrors = failed.map { $0.error.fieldMessages(lang) } ?? [:]
        if let failed, fieldErrors.isEmpty { fieldErrors["reason"] = messages(failed.error, lang).joined(separator: " ") }
        let model = StaffScheduledBookingPageModel(
            booking: row,
            mayRequest: Self.mayOperate(current.staff) && booking.bankCancellable && booking.pendingCancelRequest == nil,
            cancelPath: StaffRoute.scheduledCancel(id: id).path, reasonValue: failed?.reason ?? "", fieldErrors: fieldErrors,
            deadlineNote: lang.text("staff_scheduled.deadline_note", String(bank.settings.transfers.scheduleHour)))
        let status: HTTPResponse.Status = switch failed?.error {
        case nil: .ok
        case .scheduleRefused?: .conflict
        case .accessRequest(.duplicate)?: .conflict
        default: .badRequest
        }
        return try page("staff_scheduled_booking", model,
                        chrome(request, titleKey: "staff_scheduled_booking.title", current,
                               errors: failed.map { messages($0.error, lang) } ?? []),
                        status: status)
    }
}
