import BankServices
import Hummingbird

/// メール通知パスワード利用変更 result: the setting as it now is.
extension CustomerSite {
    /// The result screen, from the setting as it now is (a reload shows it again, sends nothing).
    func mailPasswordChanged(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let view = try await bank.mailPassword.setting(by: current.actor)
        let on = request.uri.queryParameters.get("use") == "on"
        guard on == (view.current != nil) else { return HTTPResponses.redirect(to: CustomerRoute.mailPassword) }
        let model = if let setting = view.current {
            MailPasswordDonePageModel(resultMessage: lang.text("mail_password_done.on"),
                                      resultDetail: lang.text("mail_password_done.on_detail", setting.address))
        } else {
            MailPasswordDonePageModel(resultMessage: lang.text("mail_password_done.off"),
                                      resultDetail: lang.text("mail_password_done.off_detail"))
        }
        return try page("mail_password_done", model,
                        chrome(request, titleKey: "mail_password_done.title", csrf: current.session.csrfToken, customer: current.customer))
    }
}
