import BankCore
import BankServices
import Hummingbird

/// ログインパスワード変更 / 確認用パスワード変更: 現在のパスワード, 新しいパスワード twice, 変更する.
extension CustomerSite {
    func showPasswordChange(_ password: CustomerPassword, _ request: Request,
                            _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        return try passwordChangeForm(password, request, current, errors: [], fieldErrors: [:])
    }

    func submitPasswordChange(_ password: CustomerPassword, _ request: Request,
                              _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let lang = language(request)
        let field = PasswordChangeService.Field.self
        do {
            try await bank.passwords.change(
                password, by: current.actor, current: String(form.value(field.current).prefix(128)),
                new: String(form.value(field.new).prefix(128)), newAgain: String(form.value(field.newAgain).prefix(128)),
                sessionCookie: current.cookieValue, session: current.session.factorsPresented, client: client(request, context))
            return HTTPResponses.redirect(to: CustomerRoute.passwordChangeDone(password))
        } catch let error as BankError {
            let status = ErrorPresenter.status(of: error)
            return try passwordChangeForm(password, request, current, errors: messages(error, lang),
                                          fieldErrors: error.fieldMessages(lang), locked: status == .forbidden, status: status)
        }
    }

    private func passwordChangeForm(_ password: CustomerPassword, _ request: Request, _ current: CustomerSession,
                                    errors: [String], fieldErrors: [String: String], locked: Bool = false,
                                    status: HTTPResponse.Status = .ok) throws -> Response {
        let lang = language(request)
        let words = PasswordChangeWords(password)
        let model = PasswordChangePageModel(
            help: lang.text(words.help), currentLabel: lang.text(words.current), newLabel: lang.text(words.new),
            newAgainLabel: lang.text(words.newAgain), showForm: !locked, fieldErrors: fieldErrors,
            action: CustomerRoute.passwordChange(password).path)
        return try page("password_change", model,
                        chrome(request, titleKey: words.title, csrf: current.session.csrfToken, customer: current.customer,
                               errors: errors), status: status)
    }
}
