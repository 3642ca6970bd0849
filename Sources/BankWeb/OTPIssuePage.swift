import BankCore
import BankServices
import Hummingbird

/// トークン発行画面 and トークン発行結果確認画面.
extension CustomerSite {
    func showTokenIssue(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let overview = try await bank.factorOverview(customerID: current.customer.id)
        var refusal: [String] = []
        do { try ExtraFactorRules.checkIssue(overview.state) } catch { refusal = [language(request).text(error.messageKey)] }
        return try tokenIssueForm(request, current, mobileEmail: current.customer.mobileEmail ?? "", errors: refusal,
                                  blocked: !refusal.isEmpty, replaces: overview.token != nil)
    }

    func submitTokenIssue(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard verifyForm(request, form: form, session: current.session) else { return try csrfRefusal(request, current) }
        let mobileEmail = form.value("mobile_email")
        do {
            _ = try await bank.issueToken(customerID: current.customer.id, mobileEmail: mobileEmail,
                                          activationPassword: form.value("activation_password"),
                                          confirmationPassword: form.value("confirmation_password"),
                                          session: current.session.factorsPresented, client: client(request, context))
            return HTTPResponses.redirect(to: "/otp/issue/done")
        } catch let error as BankError {
            let blocked: Bool = if case .factor = error { true } else { false }
            return try tokenIssueForm(request, current, mobileEmail: String(mobileEmail.prefix(254)), errors: messages(error, language(request)),
                                      blocked: blocked, replaces: false, status: .badRequest)
        }
    }

    func tokenIssueForm(_ request: Request, _ current: CustomerSession, mobileEmail: String, errors: [String], blocked: Bool,
                        replaces: Bool, status: HTTPResponse.Status = .ok) throws -> Response {
        var values = baseContext(request, titleKey: "otp_issue_title", csrf: current.session.csrfToken, customer: current.customer)
        values["mobile_email_value"] = mobileEmail
        values["errors"] = errors
        values["show_form"] = !blocked
        values["replaces"] = replaces
        return try page("otp_issue", values, status: status)
    }

    /// The result screen, from the token now pending (a reload shows it again, sends nothing).
    func tokenIssued(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let overview = try await bank.factorOverview(customerID: current.customer.id)
        guard let token = overview.token, token.status == .issued else { return HTTPResponses.redirect(to: "/otp") }
        let lang = language(request)
        var values = baseContext(request, titleKey: "otp_issued_title", csrf: current.session.csrfToken, customer: current.customer)
        values["issued_message"] = lang.text("otp_issued_message", token.mobileEmail)
        values["issued_next"] = lang.text("otp_issued_next", formatDateTime(token.setupExpiresAt, lang))
        return try page("otp_issued", values)
    }

    func csrfRefusal(_ request: Request, _ current: CustomerSession) throws -> Response {
        try errorPage(request, messageKey: "error.csrf", status: .forbidden, csrf: current.session.csrfToken, customer: current.customer)
    }
}
