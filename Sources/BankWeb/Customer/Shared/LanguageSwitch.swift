import Hummingbird

/// 言語切替 (日本語 / English), the form in every page's header.
extension CustomerSite {
    /// The language switch in the header: a POST like every other change, then back to the page.
    func switchLanguage(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let lang = Language(rawValue: form.value("lang")) ?? .ja
        var response = HTTPResponses.redirect(to: Self.safeLocalPath(form.value("return_to")))
        response.setCookie(Cookie(name: WebSettings.languageCookieName, value: lang.rawValue, maxAge: 365 * 86_400, path: "/",
                                  secure: settings.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }
}
