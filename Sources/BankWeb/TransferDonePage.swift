import BankCore
import BankServices
import BankStore
import Hummingbird

/// 振込・振替結果: the transfer by its 受付番号, read back (a reload only reads it again).
extension CustomerSite {
    func showTransferDone(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        let number = String((request.uri.queryParameters.get("no") ?? "").prefix(40))
        // Another customer's number reads exactly like one that does not exist.
        guard !number.isEmpty, let transfer = try await bank.transfer(customerID: current.customer.id, receptionNumber: number) else {
            return try errorPage(request, messageKey: "error.transfer.not_found", status: .notFound,
                                 csrf: current.session.csrfToken, customer: current.customer)
        }
        let names = try await bank.bankAndBranchNames(bankCode: transfer.bankCode, branchCode: transfer.branchCode)
        var values = baseContext(request, titleKey: "transfer_done_title", csrf: current.session.csrfToken, customer: current.customer)
        values["reception_number"] = transfer.receptionNumber
        values["status"] = lang.text("transfer.status.\(transfer.status.rawValue)")
        values["result_message"] = lang.text(transfer.status == .completed ? "transfer_done_completed" : "transfer_done_accepted")
        if let source = try? await bank.ownAccount(customerID: current.customer.id, accountID: transfer.sourceAccountID) {
            values["source_label"] = sourceRow(source, lang)["label"]
        }
        values["destination"] = [
            "bank_name": names.bankName, "bank_code": transfer.bankCode,
            "branch_name": names.branchName, "branch_code": transfer.branchCode,
            "type": lang.text(transfer.accountType.labelKey), "number": transfer.accountNumber, "holder": transfer.holderName,
        ]
        values["amount"] = transfer.amount.formatted
        values["fee"] = transfer.fee.formatted
        values["total"] = (transfer.amount + transfer.fee).formatted
        values["accepted_at"] = formatDateTime(transfer.createdAt, lang)
        return try page("transfer_done", values)
    }
}
