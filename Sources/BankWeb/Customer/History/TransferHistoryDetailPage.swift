import BankCore
import BankServices
import Hummingbird

/// 振込・振替履歴詳細: one transfer by its 受付番号, read as the result screen reads it.
extension CustomerSite {
    func transferHistoryDetail(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let number = String((context.parameters.get("reception") ?? "").prefix(40))
        // Another customer's number reads exactly like one that does not exist.
        guard !number.isEmpty, let transfer = try await bank.transfers.find(by: current.actor, receptionNumber: number) else {
            return try errorPage(request, messageKey: "error.transfer.not_found", status: .notFound,
                                 csrf: current.session.csrfToken, customer: current.customer)
        }
        let model = TransferHistoryDetailPageModel(result: try await transferResult(transfer, by: current.actor, lang))
        return try page("transfer_history_detail", model,
                        chrome(request, titleKey: "transfer_history.detail_title", csrf: current.session.csrfToken,
                               customer: current.customer))
    }
}
