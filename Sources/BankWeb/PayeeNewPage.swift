import BankCore
import BankServices
import Hummingbird

/// 振込・振替先登録: a payee of the customer's own list, checked like a 他口座 destination,
/// with the 確認用パスワード.
extension CustomerSite {
    func showPayeeNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        return try payeeNewForm(request, current, typed: [:], errors: [], fieldErrors: [:], showForm: true)
    }

    func submitPayeeNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard verifyForm(request, form: form, session: current.session) else { return try csrfRefusal(request, current) }
        let lang = language(request)
        let typed = Self.typedDestination(form.value)
        let payee = PayeeForm(bankCode: typed["bank_code"] ?? "", branchCode: typed["branch_code"] ?? "",
                              accountType: typed["account_type"] ?? "", accountNumber: typed["account_number"] ?? "",
                              holderName: typed["holder_name"] ?? "")
        do {
            _ = try await bank.addPayee(customerID: current.customer.id, payee,
                                        confirmationPassword: String(form.value("confirmation_password").prefix(128)),
                                        session: current.session.factorsPresented, client: client(request, context))
            return HTTPResponses.redirect(to: "/payees?added=1")
        } catch let error as BankError {
            let status = refusalStatus(error)
            return try payeeNewForm(request, current, typed: typed, errors: messages(error, lang),
                                    fieldErrors: fieldMessages(error, lang), showForm: status != .forbidden, status: status)
        }
    }

    func payeeNewForm(_ request: Request, _ current: CustomerSession, typed: [String: String], errors: [String],
                      fieldErrors: [String: String], showForm: Bool, status: HTTPResponse.Status = .ok) throws -> Response {
        let lang = language(request)
        var values = baseContext(request, titleKey: "payee_new_title", csrf: current.session.csrfToken, customer: current.customer)
        values["typed"] = typed
        values["account_types"] = accountTypeOptions(selected: typed["account_type"] ?? "", lang)
        values["field_errors"] = fieldErrors
        values["errors"] = errors
        values["show_form"] = showForm
        values["bank_code_hint"] = lang.text("transfer_bank_code_hint", bank.settings.bankCode)
        return try page("payee_new", values, status: status)
    }
}
