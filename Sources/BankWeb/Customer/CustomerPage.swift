import BankServices
import Hummingbird

/// How a customer screen renders its typed model: the chrome (title, language switch, CSRF
/// token, the customer's name, notice and errors) around it.
extension CustomerSite {
    func chrome(_ request: Request, titleKey: String, csrf: String, customer: SignedInCustomer? = nil,
                notice: String? = nil, errors: [String] = []) -> PageChrome {
        chrome(request, titleKey: titleKey, csrf: csrf, holder: customer, notice: notice, errors: errors)
    }
}

/// The paths every customer page's chrome links to.
struct CustomerLinks: Sendable {
    let home = CustomerRoute.menu.path
    let login = CustomerRoute.login.path
    let language = CustomerRoute.language.path
    let logout = CustomerRoute.logout.path
    let stylesheet = CustomerRoute.stylesheet.path
    let session_script = CustomerRoute.sessionScript.path
}
