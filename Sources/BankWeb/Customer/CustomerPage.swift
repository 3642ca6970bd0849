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

/// The paths customer screens link to that are the same on every view: the chrome's, the
/// session timer's, the error screen's way back, the メニュー's buttons, the other screens'
/// ways on. Templates read `{{links.home}}` and the like, written in once per language
/// (`PageTemplates`).
struct CustomerLinks: SiteLinks {
    let home = CustomerRoute.menu.path
    let login = CustomerRoute.login.path
    let language = CustomerRoute.language.path
    let logout = CustomerRoute.logout.path
    let stylesheet = CustomerRoute.stylesheet.path
    let session_script = CustomerRoute.sessionScript.path
    // The session timer's: where 「延長する」 posts, and where the page goes when its time is up
    // (a page whose request finds the session ended and answers with the login screen).
    let session_extend = CustomerRoute.sessionExtend.path
    let session_expired = CustomerRoute.menu.path
    // メニュー画面
    let balances = CustomerRoute.balances.path
    let statement = CustomerRoute.statement.path
    let login_history = CustomerRoute.loginHistory.path
    let transfer_history = CustomerRoute.transferHistory.path
    let transfer = CustomerRoute.transfer.path
    let payees = CustomerRoute.payees.path
    let otp = CustomerRoute.otpMenu.path
    let mail_password = CustomerRoute.mailPassword.path
    let login_password_change = CustomerRoute.passwordChange(.login).path
    let confirmation_password_change = CustomerRoute.passwordChange(.confirmation).path
    let transfer_limit = CustomerRoute.transferLimit.path
    let mail_address = CustomerRoute.mailAddress.path
    let notification_settings = CustomerRoute.notificationSettings.path
    // Other screens' ways on
    let payee_new = CustomerRoute.payeeNew.path
    let otp_issue = CustomerRoute.otpIssue.path
    let otp_activate = CustomerRoute.otpActivate.path
    let otp_deactivate = CustomerRoute.otpDeactivate.path
}
