import BankCore
import BankServices
import Hummingbird

/// 振込・振替先一覧: the customer's own payees (利用者登録, with 削除 and 振込・振替先の登録) and
/// the 届出済み振込先, which only the bank's counter changes.
extension CustomerSite {
    func showPayees(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        let lists = try await bank.payees(customerID: current.customer.id)
        var values = baseContext(request, titleKey: "payees_title", csrf: current.session.csrfToken, customer: current.customer)
        values["customer_payees"] = lists.customerRegistered.map { payeeRow($0, lang) }
        values["bank_payees"] = lists.bankRegistered.map { payeeRow($0, lang) }
        values["has_customer_payees"] = !lists.customerRegistered.isEmpty
        values["has_bank_payees"] = !lists.bankRegistered.isEmpty
        // The flash after 登録 or 削除 (a redirect, so a reload does not repeat them).
        let query = request.uri.queryParameters
        if query.get("added") == "1" { values["notice"] = lang.text("payee_added") }
        if query.get("deleted") == "1" { values["notice"] = lang.text("payee_deleted") }
        return try page("payees", values)
    }
}
