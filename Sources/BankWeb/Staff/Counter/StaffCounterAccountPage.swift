import BankCore
import BankServices
import Hummingbird

/// 口座開設 for an existing customer: branch and 科目 (普通・当座・貯蓄); the number is assigned.
/// The form carries a one-time token: a double click, a reload or a replay opens one account
/// and answers with it, like the first submission did.
extension StaffSite {
    func showCounterAccountNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        return try await accountNewForm(request, context, current, typed: [:], token: bank.counter.newFormToken(), error: nil)
    }

    func submitCounterAccountNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireStaff()
        guard let customerID = counterCustomerID(context) else { return try customerNotFound(request, current) }
        let typed = ["branch": String(form.value("branch").prefix(8)),
                     "account_type": String(form.value("account_type").prefix(16))]
        let token = String(form.value("form_token").prefix(64))
        do {
            let account = try await bank.counter.openAccount(customerID: customerID, branch: typed["branch"] ?? "",
                                                              type: typed["account_type"] ?? "", formToken: token,
                                                              by: .staff(current.staff),
                                                              client: client(request, context))
            return HTTPResponses.redirect(to: StaffRoute.customer(id: customerID), query: ["done": "account_opened", "account": String(account.id)])
        } catch let error as BankError {
            if let page = try counterRefusalPage(request, error, current) { return page }
            // Nothing was opened under this token, so correcting the form and sending it again is safe.
            return try await accountNewForm(request, context, current, typed: typed,
                                            token: retryToken(token, after: error),
                                            error: error)
        }
    }

    func accountNewForm(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, typed: [String: String],
                        token: String, error: BankError?) async throws -> Response {
        let start = try await counterFormStart(request, context, current, purpose: "account_new")
        guard case .ready(let summary, let customer) = start else { return start.refusal }
        let lang = language(request)
        let model = StaffCounterAccountNewPageModel(
            customer: customer,
            branches: branchOptions(try await bank.counter.branches(), selected: typed["branch"] ?? "", none: false, lang),
            accountTypes: SelectOption.accountTypes(selected: typed["account_type"] ?? "", lang), formToken: token,
            fieldErrors: error.map { $0.fieldMessages(lang) } ?? [:],
            formAction: StaffRoute.accountNew(customerID: summary.id).path)
        return try page("staff_counter_account_new", model, counterChrome(request, titleKey: "staff_counter_account_new.title", current, error: error),
                        status: error == nil ? .ok : .badRequest)
    }
}
