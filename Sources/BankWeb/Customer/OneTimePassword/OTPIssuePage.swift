import BankCore
import BankServices
import Hummingbird

/// トークン発行画面: the mobile address the set-up mail goes to, the 利用開始パスワード and the 確認用パスワード.
extension CustomerSite {
    func showTokenIssue(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let overview = try await bank.otp.factorOverview(customerID: current.customer.id)
        var refusal: [String] = []
        do { try ExtraFactorRules.checkIssue(overview.state) } catch { refusal = [language(request).text(error.messageKey)] }
        return try tokenIssueForm(request, current, mobileEmail: current.customer.mobileEmail ?? "", errors: refusal,
                                  blocked: !refusal.isEmpty, replaces: overview.token != nil)
    }

    func submitTokenIssue(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let mobileEmail = form.value("mobile_email")
        do {
            _ = try await bank.otp.issueToken(customerID: current.customer.id, mobileEmail: mobileEmail,
                                          activationPassword: form.value("activation_password"),
                                          confirmationPassword: form.value("confirmation_password"),
                                          session: current.session.factorsPresented, client: client(request, context))
            return HTTPResponses.redirect(to: CustomerRoute.otpIssueDone)
        } catch let error as BankError {
            let blocked: Bool = if case .factor = error { true } else { false }
            return try tokenIssueForm(request, current, mobileEmail: String(mobileEmail.prefix(254)), errors: messages(error, language(request)),
                                      blocked: blocked, replaces: false, status: .badRequest)
        }
    }

    func tokenIssueForm(_ request: Request, _ current: CustomerSession, mobileEmail: String, errors: [String], blocked: Bool,
                        replaces: Bool, status: HTTPResponse.Status = .ok) throws -> Response {
        try page("otp_issue", OTPIssuePageModel(mobileEmailValue: mobileEmail, showForm: !blocked, replaces: replaces),
                 chrome(request, titleKey: "otp_issue.title", csrf: current.session.csrfToken, customer: current.customer,
                        errors: errors), status: status)
    }
}
