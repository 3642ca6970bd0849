import BankCore
import BankServices
import Hummingbird

/// 顧客検索: by ログインID, カナ氏名 or 口座番号 (a GET form: a search changes nothing, though
/// the bank records it), the customers found linking to 顧客詳細.
extension StaffSite {
    static let searchFields = ["login_id", "name_kana", "account_number"]

    func customerSearch(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let lang = language(request)
        var model = StaffCustomerSearchPageModel(
            loginIDValue: Self.queryValue(request, "login_id") ?? "", nameKanaValue: Self.queryValue(request, "name_kana") ?? "",
            accountNumberValue: Self.queryValue(request, "account_number") ?? "")
        let title = "staff_customers.title"
        // The empty form, first visit: nothing searched yet.
        guard Self.searchFields.contains(where: { Self.query(request)[$0] != nil }) else {
            return try page("staff_customers", model, chrome(request, titleKey: title, current))
        }
        let query = CustomerSearchQuery(loginID: Self.queryValue(request, "login_id"),
                                        nameKana: Self.queryValue(request, "name_kana"),
                                        accountNumber: Self.queryValue(request, "account_number"))
        do {
            let found = try await bank.backOffice.search(query, by: .staff(current.staff), client: client(request, context))
            model.searched = true
            model.results = found.map { summaryRow($0, lang) }
            model.noResults = found.isEmpty
            model.resultCount = lang.text("staff_customers.count", String(found.count))
            model.truncated = found.count >= CustomerSearchQuery.maximumResults
            return try page("staff_customers", model, chrome(request, titleKey: title, current))
        } catch let error as BankError {
            return try page("staff_customers", model, chrome(request, titleKey: title, current, errors: messages(error, lang)),
                            status: ErrorPresenter.status(of: error))
        }
    }
}
