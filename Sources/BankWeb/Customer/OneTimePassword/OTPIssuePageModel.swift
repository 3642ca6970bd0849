/// トークン発行画面: the mobile address (typed or registered), which kind of token is chosen
/// (the token app unless the customer chose an authenticator app), whether the form is offered
/// and whether a pending token will be replaced.
struct OTPIssuePageModel {
    let mobileEmailValue: String
    var authenticatorChosen = false
    let showForm: Bool
    let replaces: Bool
    let action = CustomerRoute.otpIssue.path
}
