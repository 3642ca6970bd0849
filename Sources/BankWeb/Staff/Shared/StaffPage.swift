import BankServices
import Hummingbird

/// How a back-office screen renders its typed model: the chrome (title, language switch, CSRF
/// token, the member of staff, notice and errors) around it.
extension StaffSite {
    func chrome(_ request: Request, titleKey: String, csrf: String, staff: StaffIdentity? = nil,
                notice: String? = nil, errors: [String] = []) -> PageChrome {
        let lang = language(request)
        return PageChrome(
            lang: lang, title: lang.text(titleKey), csrf: csrf,
            // After a POST the language switch returns to the back office's home.
            returnTo: request.method == .get
                ? Self.safeStaffPath(request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")) : StaffRoute.root,
            links: StaffLinks(),
            staff: staff.map { StaffBadge(name: $0.name, staffID: $0.loginID, roleLabel: lang.text($0.role.labelKey)) },
            notice: notice, errors: errors)
    }

    /// The chrome of a logged-in screen: the session's CSRF token and its member of staff.
    func chrome(_ request: Request, titleKey: String, _ current: StaffSession, notice: String? = nil,
                errors: [String] = []) -> PageChrome {
        chrome(request, titleKey: titleKey, csrf: current.session.csrfToken, staff: current.staff, notice: notice, errors: errors)
    }
}
