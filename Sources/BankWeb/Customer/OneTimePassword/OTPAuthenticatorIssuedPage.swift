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

/// What the page shows of an `AuthenticatorSetup`: the QR code as SVG, the secret in groups of
/// four for typing, and the settings an app asks for when the secret is typed in.
struct AuthenticatorSetupView: Sendable {
    let qrCodeSVG: String
    let secretGroups: String
    let issuer: String
    let userID: String
    let parameters: String
    let stepAdd: String
    let stepActivate: String

    init(_ setup: AuthenticatorSetup, _ lang: Language) {
        qrCodeSVG = QRCodeSVG.svg(for: setup.otpauthURI, label: lang.text("otp_issued.qr_label", setup.userID))
        secretGroups = Self.groupsOfFour(setup.secretBase32)
        issuer = setup.issuer
        userID = setup.userID
        parameters = lang.text("otp_issued.parameters_value", String(setup.period), String(setup.digits))
        stepAdd = lang.text("otp_issued.step_add", String(setup.period), String(setup.digits))
        stepActivate = lang.text("otp_issued.step_activate", setup.issuer, setup.userID)
    }

    /// `ABCDEFGH…` as `ABCD EFGH …`: easier to read out and to check (apps ignore the spaces).
    static func groupsOfFour(_ text: String) -> String {
        var groups: [Substring] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }
}
