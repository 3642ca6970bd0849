import Hummingbird

/// The 利用開始 and 利用解除 screens and their results: the form when it applies, and whether
/// the 利用解除 withdraws a token never put to use.
struct OTPFactorPageModel {
    let showForm: Bool
    var withdrawing = false
    let activateAction = CustomerRoute.otpActivate.path
    let deactivateAction = CustomerRoute.otpDeactivate.path
}

extension CustomerSite {
    /// Renders one of the four screens (`otp_activate`, `otp_activated`, `otp_deactivate`, `otp_deactivated`).
    func factorForm(_ template: String, titleKey: String, _ request: Request, _ current: CustomerSession, errors: [String],
                    showForm: Bool, withdrawing: Bool = false, status: HTTPResponse.Status = .ok) throws -> Response {
        try page(template, OTPFactorPageModel(showForm: showForm, withdrawing: withdrawing),
                 chrome(request, titleKey: titleKey, csrf: current.session.csrfToken, customer: current.customer, errors: errors),
                 status: status)
    }
}
