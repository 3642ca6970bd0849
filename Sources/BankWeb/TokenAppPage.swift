import Hummingbird

/// The token app's download page: the address in the issuance mail. Explains how to install
/// and start `kyoei-token`, with this bank's address filled in.
extension CustomerSite {
    func tokenApp(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        var values = baseContext(request, titleKey: "token_app_title", csrf: preLoginToken(request).0)
        values["server"] = settings.publicURL
        values["service_id"] = bank.settings.otp.serviceID
        return try page("token_app", values)
    }
}
