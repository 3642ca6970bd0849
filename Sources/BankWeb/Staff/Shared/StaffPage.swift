import BankServices
import Hummingbird

/// How a back-office screen renders its typed model: the chrome (title, language switch, CSRF
/// token, the member of staff, notice and errors) around it.
extension StaffSite {
    func chrome(_ request: Request, titleKey: String, csrf: String, staff: StaffIdentity? = nil,
                notice: String? = nil, errors: [String] = []) -> PageChrome {
        chrome(request, titleKey: titleKey, csrf: csrf, holder: staff, notice: notice, errors: errors)
    }

    /// The chrome of a logged-in screen: the session's CSRF token and its member of staff.
    func chrome(_ request: Request, titleKey: String, _ current: StaffSession, notice: String? = nil,
                errors: [String] = []) -> PageChrome {
        chrome(request, titleKey: titleKey, csrf: current.session.csrfToken, staff: current.staff, notice: notice, errors: errors)
    }
}
