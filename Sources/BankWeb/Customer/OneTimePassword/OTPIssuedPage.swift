import BankServices
import Hummingbird

/// トークン発行結果確認画面: where the token went and by when it must be set up.
extension CustomerSite {
    /// The result screen, from the token now pending (a reload shows it again, sends nothing).
    /// An authenticator app's token is set up already and has a page of its own (its secret once).
    func tokenIssued(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let overview = try await bank.otp.factorOverview(by: current.actor)
        if let token = overview.token, token.kind == .authenticator, token.status == .provisioned {
            return try await authenticatorIssued(request, current, token)
        }
        guard let token = overview.token, token.status == .issued else { return HTTPResponses.redirect(to: CustomerRoute.otpMenu) }
        let lang = language(request)
        let model = OTPIssuedPageModel(issuedMessage: lang.text("otp_issued.message", token.mobileEmail),
                                       issuedNext: lang.text("otp_issued.next", formatDateTime(token.setupExpiresAt, lang)))
        return try page("otp_issued", model,
                        chrome(request, titleKey: "otp_issued.title", csrf: current.session.csrfToken, customer: current.customer))
    }
}
