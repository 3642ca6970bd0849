import Hummingbird

/// The token app's page (`/token-app`): how to open the phone token app from the issuance
/// mail, its address as a link and, for a customer reading on a PC, as a QR code to scan with
/// the phone; a word on the desktop client `kyoei-token` with this bank's address.
extension CustomerSite {
    func tokenApp(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let link = bank.settings.tokenAppHome
        let model = TokenAppPageModel(tokenAppURL: link,
                                      qrCodeSVG: QRCodeSVG.svg(for: link, label: language(request).text("token_app.qr.label")),
                                      server: settings.publicURL)
        return try page("token_app", model, chrome(request, titleKey: "token_app.title", csrf: preLoginToken(request).0))
    }
}
