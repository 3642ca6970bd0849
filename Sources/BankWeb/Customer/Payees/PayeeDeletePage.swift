import BankCore
import BankServices
import Hummingbird

/// 振込・振替先の削除: one payee of the customer's own list, removed with the 確認用パスワード.
extension CustomerSite {
    func showPayeeDelete(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        guard let payee = try await customerPayee(context, current) else { return try payeeNotFound(request, current) }
        return try payeeDeleteForm(request, current, payee, errors: [], showForm: true)
    }

    func submitPayeeDelete(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        guard let payee = try await customerPayee(context, current) else { return try payeeNotFound(request, current) }
        do {
            try await bank.payees.delete(by: current.actor, payeeID: payee.record.id,
                                       confirmationPassword: String(form.value("confirmation_password").prefix(128)),
                                       session: current.session.factorsPresented, client: client(request, context))
            return HTTPResponses.redirect(to: CustomerRoute.payees, query: ["deleted": "1"])
        } catch BankError.payeeNotFound {
            return try payeeNotFound(request, current)
        } catch let error as BankError {
            let status = ErrorPresenter.status(of: error)
            return try payeeDeleteForm(request, current, payee, errors: messages(error, language(request)),
                                       showForm: status != .forbidden, status: status)
        }
    }

    /// The 利用者登録 payee named in the path, if it is this customer's and still listed.
    func customerPayee(_ context: BankRequestContext, _ current: CustomerSession) async throws -> PayeeView? {
        guard let id = Self.positiveID(context.parameters.get("id")) else { return nil }
        return try await bank.payees.list(by: current.actor).customerRegistered.first { $0.record.id == id }
    }

    func payeeNotFound(_ request: Request, _ current: CustomerSession) throws -> Response {
        try errorPage(request, messageKey: "error.payee.not_found", status: .notFound, csrf: current.session.csrfToken,
                      customer: current.customer, restart: (CustomerRoute.payees.path, "menu.payees"))
    }

    func payeeDeleteForm(_ request: Request, _ current: CustomerSession, _ payee: PayeeView, errors: [String], showForm: Bool,
                         status: HTTPResponse.Status = .ok) throws -> Response {
        let model = PayeeDeletePageModel(payee: DestinationRow(payee, language(request)), showForm: showForm,
                                         action: CustomerRoute.payeeDelete(id: payee.record.id).path)
        return try page("payee_delete", model,
                        chrome(request, titleKey: "payee_delete.title", csrf: current.session.csrfToken, customer: current.customer,
                               errors: errors), status: status)
    }
}
