import BankCore
import BankServices
import Hummingbird

/// 振込・振替先の削除: one payee of the customer's own list, removed with the 確認用パスワード.
extension CustomerSite {
    func showPayeeDelete(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard let payee = try await customerPayee(context, current) else { return try payeeNotFound(request, current) }
        return try payeeDeleteForm(request, current, payee, errors: [], showForm: true)
    }

    func submitPayeeDelete(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard verifyForm(request, form: form, session: current.session) else { return try csrfRefusal(request, current) }
        guard let payee = try await customerPayee(context, current) else { return try payeeNotFound(request, current) }
        do {
            try await bank.deletePayee(customerID: current.customer.id, payeeID: payee.record.id,
                                       confirmationPassword: String(form.value("confirmation_password").prefix(128)),
                                       session: current.session.factorsPresented, client: client(request, context))
            return HTTPResponses.redirect(to: "/payees?deleted=1")
        } catch BankError.payeeNotFound {
            return try payeeNotFound(request, current)
        } catch let error as BankError {
            let status = refusalStatus(error)
            return try payeeDeleteForm(request, current, payee, errors: messages(error, language(request)),
                                       showForm: status != .forbidden, status: status)
        }
    }

    /// The 利用者登録 payee named in the path, if it is this customer's and still listed.
    func customerPayee(_ context: BankRequestContext, _ current: CustomerSession) async throws -> PayeeView? {
        guard let id = Self.positiveID(context.parameters.get("id")) else { return nil }
        return try await bank.payees(customerID: current.customer.id).customerRegistered.first { $0.record.id == id }
    }

    func payeeNotFound(_ request: Request, _ current: CustomerSession) throws -> Response {
        try errorPage(request, messageKey: "error.payee.not_found", status: .notFound, csrf: current.session.csrfToken,
                      customer: current.customer, restart: ("/payees", "menu_payees"))
    }

    func payeeDeleteForm(_ request: Request, _ current: CustomerSession, _ payee: PayeeView, errors: [String], showForm: Bool,
                         status: HTTPResponse.Status = .ok) throws -> Response {
        var values = baseContext(request, titleKey: "payee_delete_title", csrf: current.session.csrfToken, customer: current.customer)
        values["payee"] = payeeRow(payee, language(request))
        values["errors"] = errors
        values["show_form"] = showForm
        return try page("payee_delete", values, status: status)
    }
}
