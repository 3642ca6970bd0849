import BankCore
import BankStore
import Hummingbird

/// 残高照会: every account with branch, type, number and balance.
extension CustomerSite {
    func balances(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        let accounts = try await bank.balances(customerID: current.customer.id)
        var values = baseContext(request, titleKey: "balances_title", csrf: current.session.csrfToken, customer: current.customer)
        values["accounts"] = accounts.map { accountRow($0, lang) }
        values["has_accounts"] = !accounts.isEmpty
        values["as_of"] = formatDateTime(bank.clock.now(), lang)
        return try page("balances", values)
    }

    func accountRow(_ account: AccountRecord, _ lang: Language) -> [String: Any] {
        account.templateRow(lang)
    }
}

extension AccountRecord {
    /// An account as the templates show it (balances, statements, transfers, the back office).
    func templateRow(_ lang: Language) -> [String: Any] {
        [
            "id": String(id),
            "branch": lang == .ja ? branchNameJa : branchNameEn,
            "branch_code": branchCode,
            "type": lang.text(accountType.labelKey),
            "number": accountNumber,
            "balance": balance.formatted,
        ]
    }
}
