import BankCore
import BankServices
import Hummingbird

/// 振込・振替先一覧: the customer's own payees (利用者登録, with 削除 and 振込・振替先の登録) and
/// the 届出済み振込先, which only the bank's counter changes.
extension CustomerSite {
    func showPayees(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let lists = try await bank.payees.list(by: current.actor)
        // The flash after 登録 or 削除 (a redirect, so a reload does not repeat them).
        let query = request.uri.queryParameters
        var notice: String?
        if query.get("added") == "1" { notice = lang.text("payee.added") }
        if query.get("deleted") == "1" { notice = lang.text("payee.deleted") }
        return try page("payees", PayeesPageModel(lists, lang),
                        chrome(request, titleKey: "payees.title", csrf: current.session.csrfToken, customer: current.customer,
                               notice: notice))
    }
}
