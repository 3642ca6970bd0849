/// トークン発行画面: the mobile address (typed or registered), whether the form is offered and
/// whether a pending token will be replaced.
struct OTPIssuePageModel {
    let mobileEmailValue: String
    let showForm: Bool
    let replaces: Bool
    let action = CustomerRoute.otpIssue.path
    let otpMenuPath = CustomerRoute.otpMenu.path
}
