import BankCore
import BankServices
import BankStore
import Hummingbird

/// 届出済み振込先 at the counter, after the customer's written application: 登録 (checked like
/// any typed destination against the bank/branch master and, in this bank, the ledger) and
/// 削除 (after a confirmation screen; past transfers keep their payee).
extension StaffSite {
    func showCounterPayeeNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        return try await payeeNewForm(request, context, current, typed: [:], error: nil)
    }

    func submitCounterPayeeNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let post: CounterPost
        switch try await counterPost(request, context) {
        case .success(let value): post = value
        case .failure(let answer): return answer.response
        }
        guard let customerID = counterCustomerID(context) else { return try notFoundPage(request, post.current) }
        let typed = CustomerSite.typedDestination(post.form.value)
        let payee = PayeeForm(bankCode: typed["bank_code"] ?? "", branchCode: typed["branch_code"] ?? "",
                              accountType: typed["account_type"] ?? "", accountNumber: typed["account_number"] ?? "",
                              holderName: typed["holder_name"] ?? "")
        do {
            _ = try await bank.registerBankPayeeAtCounter(customerID: customerID, payee, by: post.current.staff,
                                                          client: client(request, context))
            return HTTPResponses.redirect(to: "/staff/customers/\(customerID)?done=payee_registered")
        } catch let error as BankError {
            if let page = try counterRefusalPage(request, error, post.current) { return page }
            return try await payeeNewForm(request, context, post.current, typed: typed, error: error)
        }
    }

    func payeeNewForm(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, typed: [String: String],
                      error: BankError?) async throws -> Response {
        let start = try await counterFormStart(request, context, current, purpose: "payee_new", titleKey: "staff_counter_payee_new_title")
        guard case .ready(_, var values) = start else { return start.refusal }
        let lang = language(request)
        values["typed"] = typed
        values["account_types"] = counterAccountTypes(selected: typed["account_type"] ?? "", lang)
        values["bank_code_hint"] = lang.text("transfer_bank_code_hint", bank.settings.bankCode)
        if let error {
            values["errors"] = messages(error, lang)
            values["field_errors"] = counterFieldMessages(error, lang)
        }
        return try page("staff_counter_payee_new", values, status: error == nil ? .ok : .badRequest)
    }

    func showCounterPayeeDelete(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard let customerID = counterCustomerID(context), let payeeID = Self.positiveID(context.parameters.get("payeeID")) else {
            return try notFoundPage(request, current)
        }
        let lang = language(request)
        let customer: CustomerSummary, payee: PayeeView
        do {
            customer = try await bank.counterCustomer(customerID: customerID, by: current.staff, client: client(request, context),
                                                      purpose: "payee_delete")
            payee = try await bank.bankPayee(customerID: customerID, payeeID: payeeID, by: current.staff)
        } catch let refusal as BankError {
            return try counterRefusalPage(request, refusal, current) ?? notFoundPage(request, current)
        }
        var values = baseContext(request, titleKey: "staff_counter_payee_delete_title", csrf: current.session.csrfToken,
                                 staff: current.staff)
        values["customer"] = counterCustomerRow(customer)
        values["payee"] = payeeRow(payee, lang)
        values["payee_id"] = String(payee.record.id)
        return try page("staff_counter_payee_delete", values)
    }

    func submitCounterPayeeDelete(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let post: CounterPost
        switch try await counterPost(request, context) {
        case .success(let value): post = value
        case .failure(let answer): return answer.response
        }
        guard let customerID = counterCustomerID(context), let payeeID = Self.positiveID(context.parameters.get("payeeID")) else {
            return try notFoundPage(request, post.current)
        }
        do {
            try await bank.removeBankPayeeAtCounter(customerID: customerID, payeeID: payeeID, by: post.current.staff,
                                                    client: client(request, context))
            return HTTPResponses.redirect(to: "/staff/customers/\(customerID)?done=payee_removed")
        } catch let error as BankError {
            if let page = try counterRefusalPage(request, error, post.current) { return page }
            return try errorPage(request, messageKey: Self.messageKey(error), status: .badRequest,
                                 csrf: post.current.session.csrfToken, staff: post.current.staff)
        }
    }
}
