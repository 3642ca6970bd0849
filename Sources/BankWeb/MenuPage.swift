import BankCore
import Hummingbird

/// メニュー画面: the customer's name, the previous login and the services that exist.
extension CustomerSite {
    func menu(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        var values = baseContext(request, titleKey: "menu_title", csrf: current.session.csrfToken, customer: current.customer)
        if let previous = current.customer.previousLoginAt {
            values["last_login"] = formatDateTime(previous, lang)
        }
        return try page("menu", values)
    }
}

extension CustomerSite.Gate {
    var refusal: Response {
        if case .refused(let response) = self { return response }
        return HTTPResponses.redirect(to: "/login")
    }
}
