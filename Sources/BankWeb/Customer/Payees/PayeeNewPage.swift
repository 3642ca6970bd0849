import BankCore
import BankServices
import Hummingbird

/// 振込・振替先登録: a payee of the customer's own list, checked like a 他口座 destination,
/// with the 確認用パスワード.
extension CustomerSite {
    func showPayeeNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        return try payeeNewForm(request, current, typed: DestinationForm(), errors: [], fieldErrors: [:], showForm: true)
    }

    func submitPayeeNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let lang = language(request)
        let typed = DestinationForm(form.value)
        do {
            _ = try await bank.payees.add(by: current.actor, typed.payee,
                                        confirmationPassword: String(form.value("confirmation_password").prefix(128)),
                                        session: current.session.factorsPresented, client: client(request, context))
            return HTTPResponses.redirect(to: CustomerRoute.payees, query: ["added": "1"])
        } catch let error as BankError {
            let status = ErrorPresenter.status(of: error)
            return try payeeNewForm(request, current, typed: typed, errors: messages(error, lang),
                                    fieldErrors: error.fieldMessages(lang), showForm: status != .forbidden, status: status)
        }
    }

    func payeeNewForm(_ request: Request, _ current: CustomerSession, typed: DestinationForm, errors: [String],
                      fieldErrors: [String: String], showForm: Bool, status: HTTPResponse.Status = .ok) throws -> Response {
        let lang = language(request)
        let model = PayeeNewPageModel(typed: typed, accountTypes: SelectOption.accountTypes(selected: typed.accountType, lang),
                                      fieldErrors: fieldErrors, showForm: showForm,
                                      bankCodeHint: lang.text("transfer.bank_code_hint", bank.settings.bankCode))
        return try page("payee_new", model,
                        chrome(request, titleKey: "payee_new.title", csrf: current.session.csrfToken, customer: current.customer,
                               errors: errors), status: status)
    }
}
