import BankServices
import Hummingbird

/// 確認メール送信結果, after a redirect (a reload does not ask again). It reads the change that
/// waits; with none (confirmed meanwhile, or opened directly) it goes back to the form.
extension CustomerSite {
    func mailAddressSent(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        guard let pending = try await bank.mailAddresses.overview(by: current.actor).pending else {
            return HTTPResponses.redirect(to: CustomerRoute.mailAddress)
        }
        let kind = Self.mailAddressKindName(pending.kind, lang)
        let model = MailAddressSentPageModel(
            sentMessage: lang.text("mail_address_sent.message", pending.newAddress),
            expiryText: lang.text("mail_address_sent.expiry", formatDateTime(pending.expiresAt, lang), kind),
            noticeText: lang.text("mail_address_sent.notice", kind))
        return try page("mail_address_sent", model,
                        chrome(request, titleKey: "mail_address_sent.title", csrf: current.session.csrfToken, customer: current.customer))
    }
}
