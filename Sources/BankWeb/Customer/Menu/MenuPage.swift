import BankCore
import Hummingbird

/// メニュー画面: the customer's name, the previous login and the services that exist.
extension CustomerSite {
    func menu(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let model = MenuPageModel(lastLogin: current.customer.previousLoginAt.map { formatDateTime($0, lang) })
        return try page("menu", model, chrome(request, titleKey: "menu.title", csrf: current.session.csrfToken, customer: current.customer))
    }
}
