import BankCore
import BankServices
import Hummingbird

/// 振込・振替履歴詳細: one transfer by its 受付番号, read as the result screen reads it.
extension CustomerSite {
    func transferHistoryDetail(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let number = String((context.parameters.get("reception") ?? "").prefix(40))
        let notice = request.uri.queryParameters.get("cancelled") == "1" ? language(request).text("transfer_history.cancelled") : nil
        return try await transferHistoryDetail(request, current, number: number, notice: notice, errors: [])
    }

    /// The detail, with a notice (取消 done) or the refusal of a 取消 above it.
    func transferHistoryDetail(_ request: Request, _ current: CustomerSession, number: String, notice: String?,
                               errors: [String], status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = language(request)
        // Another customer's number reads exactly like one that does not exist.
        guard !number.isEmpty, let transfer = try await bank.transfers.find(by: current.actor, receptionNumber: number) else {
            return try errorPage(request, messageKey: "error.transfer.not_found", status: .notFound,
                                 csrf: current.session.csrfToken, customer: current.customer)
        }
        let model = TransferHistoryDetailPageModel(result: try await transferResult(transfer, by: current.actor, lang),
                                                   cancelClosed: errors.isEmpty ? cancelClosedText(transfer, lang) : nil)
        return try page("transfer_history_detail", model,
                        chrome(request, titleKey: "transfer_history.detail_title", csrf: current.session.csrfToken,
                               customer: current.customer, notice: notice, errors: errors), status: status)
    }

    /// 予約中 but past 23:59 of the day before its 振込指定日: the customer can no longer cancel it.
    private func cancelClosedText(_ transfer: TransferView, _ lang: Language) -> String? {
        guard transfer.status == .scheduled, let day = transfer.scheduledFor,
              !bank.scheduledTransfers.cancellable(transfer) else { return nil }
        let deadline = ScheduleRules.cancelDeadline(for: day).addingTimeInterval(-60)
        return lang.text("transfer_history.cancel_closed", formatDateTime(deadline, lang))
    }
}
