import Hummingbird

/// The token app's download page: the address in the issuance mail. Explains how to install
/// and start `kyoei-token`, with this bank's address filled in.
extension CustomerSite {
    func tokenApp(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        try page("token_app", TokenAppPageModel(server: settings.publicURL, serviceID: bank.settings.otp.serviceID),
                 chrome(request, titleKey: "token_app.title", csrf: preLoginToken(request).0))
    }
}
