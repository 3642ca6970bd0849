import BankCore
import BankServices
import BankText
import Hummingbird

/// トークン発行結果確認画面 for the customer's own authenticator app: the `otpauth://` QR code and
/// the secret, shown once to the session that issued the token. The first look takes the
/// secret (`takeAuthenticatorSetup`); a reload, another tab or a later visit shows the page
/// without it. Like every page it is `no-store`, so no cache keeps the secret either.
extension CustomerSite {
    func authenticatorIssued(_ request: Request, _ current: CustomerSession, _ token: OTPTokenView) async throws -> Response {
        let lang = language(request)
        let setup = try await bank.otp.takeAuthenticatorSetup(by: current.actor, sessionCookie: current.cookieValue)
        let model = OTPAuthenticatorIssuedPageModel(
            mailMessage: lang.text("otp_issued.authenticator_mail", token.mobileEmail),
            setup: LocalOptional(setup.map { AuthenticatorSetupView($0, lang) }))
        return try page("otp_issued_authenticator", model,
                        chrome(request, titleKey: "otp_issued.title", csrf: current.session.csrfToken, customer: current.customer))
    }
}
