import BankServices
import Hummingbird

/// ログインパスワード変更結果 / 確認用パスワード変更結果. A redirect after the change, so that a
/// reload does not send the old password again (where it would now count as wrong).
extension CustomerSite {
    func passwordChanged(_ password: CustomerPassword, _ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let words = PasswordChangeWords(password)
        return try page("password_change_done", PasswordChangeDonePageModel(resultMessage: lang.text(words.done)),
                        chrome(request, titleKey: words.doneTitle, csrf: current.session.csrfToken, customer: current.customer))
    }
}
