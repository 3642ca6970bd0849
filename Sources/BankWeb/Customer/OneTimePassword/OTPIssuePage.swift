import BankCore
import BankServices
import Hummingbird

/// トークン発行画面: which kind of token (the token app, or the customer's own authenticator app),
/// the mobile address the mail goes to, the 利用開始パスワード (token app only) and the 確認用パスワード.
extension CustomerSite {
    func showTokenIssue(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let overview = try await bank.otp.factorOverview(by: current.actor)
        var refusal: [String] = []
        do { try ExtraFactorRules.checkIssue(overview.state) } catch { refusal = [language(request).text(error.messageKey)] }
        return try tokenIssueForm(request, current, mobileEmail: current.customer.mobileEmail ?? "", errors: refusal,
                                  blocked: !refusal.isEmpty, replaces: overview.token != nil)
    }

    func submitTokenIssue(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let mobileEmail = form.value("mobile_email")
        // Anything but the authenticator app's value is the token app, the default.
        let kind: OTPTokenKind = form.value("token_kind") == OTPTokenKind.authenticator.rawValue ? .authenticator : .app
        do {
            _ = try await bank.otp.issueToken(by: current.actor, kind: kind, mobileEmail: mobileEmail,
                                          activationPassword: form.value("activation_password"),
                                          confirmationPassword: form.value("confirmation_password"),
                                          session: current.session.factorsPresented, sessionCookie: current.cookieValue,
                                          client: client(request, context))
            return HTTPResponses.redirect(to: CustomerRoute.otpIssueDone)
        } catch let error as BankError {
            let blocked: Bool = if case .factor = error { true } else { false }
            return try tokenIssueForm(request, current, mobileEmail: String(mobileEmail.prefix(254)), errors: messages(error, language(request)),
                                      blocked: blocked, replaces: false, kind: kind, status: .badRequest)
        }
    }

    func tokenIssueForm(_ request: Request, _ current: CustomerSession, mobileEmail: String, errors: [String], blocked: Bool,
                        replaces: Bool, kind: OTPTokenKind = .app, status: HTTPResponse.Status = .ok) throws -> Response {
        try page("otp_issue", OTPIssuePageModel(mobileEmailValue: mobileEmail, authenticatorChosen: kind == .authenticator,
                                                showForm: !blocked, replaces: replaces),
                 chrome(request, titleKey: "otp_issue.title", csrf: current.session.csrfToken, customer: current.customer,
                        errors: errors), status: status)
    }
}
