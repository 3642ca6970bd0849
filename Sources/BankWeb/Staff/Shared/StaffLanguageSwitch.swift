import Hummingbird

/// 日本語 / English in the back office's header.
extension StaffSite {
    /// The header's language switch: a POST checked against the staff session's token (or
    /// the pre-login one), then back to the back-office page it came from.
    func switchLanguage(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let lang = Language(rawValue: form.value("lang")) ?? .ja
        var response = HTTPResponses.redirect(to: Self.safeStaffPath(form.value("return_to")))
        response.setCookie(Cookie(name: WebSettings.languageCookieName, value: lang.rawValue, maxAge: 365 * 86_400, path: "/",
                                  secure: settings.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }
}
