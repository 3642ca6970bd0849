import BankCore
import BankServices
import BankStore
import Hummingbird

/// 顧客検索: by ログインID, カナ氏名 or 口座番号 (a GET form: a search changes nothing, though
/// the bank records it), the customers found linking to 顧客詳細.
extension StaffSite {
    static let searchFields = ["login_id", "name_kana", "account_number"]

    func customerSearch(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        var values = baseContext(request, titleKey: "staff_customers_title", csrf: current.session.csrfToken, staff: current.staff)
        for field in Self.searchFields {
            values["\(field)_value"] = Self.queryValue(request, field) ?? ""
        }
        // The empty form, first visit: nothing searched yet.
        guard Self.searchFields.contains(where: { Self.query(request)[$0] != nil }) else {
            return try page("staff_customers", values)
        }
        let query = CustomerSearchQuery(loginID: Self.queryValue(request, "login_id"),
                                        nameKana: Self.queryValue(request, "name_kana"),
                                        accountNumber: Self.queryValue(request, "account_number"))
        do {
            let found = try await bank.searchCustomers(query, by: current.staff, client: client(request, context))
            values["searched"] = true
            values["results"] = found.map { summaryRow($0, lang) }
            values["no_results"] = found.isEmpty
            values["result_count"] = lang.text("staff_customers_count", String(found.count))
            values["truncated"] = found.count >= CustomerSearchQuery.maximumResults
            return try page("staff_customers", values)
        } catch let error as BankError {
            values["errors"] = messages(error, lang)
            return try page("staff_customers", values, status: Self.status(of: error))
        }
    }

    func summaryRow(_ customer: CustomerSummary, _ lang: Language) -> [String: Any] {
        [
            "id": String(customer.id),
            "login_id": customer.loginID,
            "name_kanji": customer.nameKanji,
            "name_kana": customer.nameKana,
            "status": statusValues(customer, lang),
            "accounts": customer.accounts.map { $0.templateRow(lang) },
        ]
    }
}
