import BankCore
import BankServices
import Hummingbird

/// The page the link in the mail opens. GET shows what would change and writes nothing (mail
/// scanners fetch links); 変更を確定する POSTs it. No login is asked (see
/// MailAddressChangeService+Confirm for why): a signed-in browser keeps its header, others
/// get the pre-login token for the form's CSRF check.
extension CustomerSite {
    func addMailAddressConfirmRoutes(to sessions: RouterGroup<BankRequestContext>) {
        sessions.group().add(middleware: formCheck(.sessionOrPreLogin))
            .get(CustomerRoute.mailAddressConfirm) { request, context in try await self.showMailAddressConfirm(request, context) }
            .post(CustomerRoute.mailAddressConfirm) { request, context in try await self.submitMailAddressConfirm(request, context) }
    }

    func showMailAddressConfirm(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let lang = language(request)
        let token = String((request.uri.queryParameters.get(MailAddressChangeService.Field.token) ?? "").prefix(128))
        let signedIn = Self.signedInCustomer(context)
        let (csrf, cookie) = signedIn.map { ($0.session.csrfToken, nil) } ?? preLoginToken(request)
        var response: Response
        do {
            let view = try await bank.mailAddresses.pendingConfirmation(token: token)
            let model = MailAddressConfirmPageModel(
                kindName: Self.mailAddressKindName(view.kind, lang), newAddress: view.newAddress,
                expiresAt: formatDateTime(view.expiresAt, lang),
                mailPasswordNote: view.mailPasswordWillMove ? lang.text("mail_address_confirm.mail_password_moves") : nil,
                token: token)
            response = try page("mail_address_confirm", model,
                                chrome(request, titleKey: "mail_address_confirm.title", csrf: csrf, customer: signedIn?.customer))
        } catch BankError.mailAddressLink(let refusal) {
            response = try linkRefused(request, refusal, csrf: csrf, signedIn: signedIn)
        }
        if let cookie { response.setCookie(cookie) }
        return response
    }

    func submitMailAddressConfirm(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let lang = language(request)
        let signedIn = Self.signedInCustomer(context)
        let csrf = signedIn?.session.csrfToken ?? genuinePreLoginCookie(request)
        do {
            let change = try await bank.mailAddresses.confirm(token: String(form.value(MailAddressChangeService.Field.token).prefix(128)),
                                                              client: client(request, context))
            let model = MailAddressConfirmedPageModel(
                resultMessage: lang.text("mail_address_confirmed.message", Self.mailAddressKindName(change.kind, lang), change.newAddress),
                mailPasswordNote: change.mailPasswordMoved ? lang.text("mail_address_confirmed.mail_password_moved") : nil,
                signedIn: signedIn != nil)
            return try page("mail_address_confirmed", model,
                            chrome(request, titleKey: "mail_address_confirmed.title", csrf: csrf, customer: signedIn?.customer))
        } catch BankError.mailAddressLink(let refusal) {
            return try linkRefused(request, refusal, csrf: csrf, signedIn: signedIn)
        }
    }

    /// Unknown 404; expired, used or replaced 410 (it was ours, and is gone for good).
    private func linkRefused(_ request: Request, _ refusal: MailAddressLinkRefusal, csrf: String,
                             signedIn: CustomerSession?) throws -> Response {
        let lang = language(request)
        let help = lang.text(refusal == .used ? "mail_address_link_refused.help_used" : "mail_address_link_refused.help")
        let model = MailAddressLinkRefusedPageModel(refusalMessage: lang.text(refusal.messageKey), helpText: help,
                                                    signedIn: signedIn != nil)
        return try page("mail_address_link_refused", model,
                        chrome(request, titleKey: "mail_address_link_refused.title", csrf: csrf, customer: signedIn?.customer),
                        status: refusal == .unknown ? .notFound : .gone)
    }

    private static func signedInCustomer(_ context: BankRequestContext) -> CustomerSession? {
        if case .signedIn(let current)? = context.customerSession { current } else { nil }
    }
}
