import BankCore
import Hummingbird

/// 残高照会: every account with branch, type, number and balance.
extension CustomerSite {
    func balances(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let accounts = try await bank.accounts.balances(by: current.actor)
        let model = BalancesPageModel(accounts: accounts.map { AccountRow($0, lang) }, asOf: formatDateTime(bank.clock.now(), lang))
        return try page("balances", model,
                        chrome(request, titleKey: "balances.title", csrf: current.session.csrfToken, customer: current.customer))
    }
}
