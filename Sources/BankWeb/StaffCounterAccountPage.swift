import BankCore
import BankServices
import BankStore
import Hummingbird

/// 口座開設 for an existing customer: branch and 科目 (普通・当座・貯蓄); the number is assigned.
/// The form carries a one-time token: a double click, a reload or a replay opens one account
/// and answers with it, like the first submission did.
extension StaffSite {
    func showCounterAccountNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        return try await accountNewForm(request, context, current, typed: [:], token: bank.newCounterFormToken(), error: nil)
    }

    func submitCounterAccountNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let post: CounterPost
        switch try await counterPost(request, context) {
        case .success(let value): post = value
        case .failure(let answer): return answer.response
        }
        guard let customerID = counterCustomerID(context) else { return try notFoundPage(request, post.current) }
        let typed = ["branch": String(post.form.value("branch").prefix(8)),
                     "account_type": String(post.form.value("account_type").prefix(16))]
        let token = String(post.form.value("form_token").prefix(64))
        do {
            let account = try await bank.openAccountAtCounter(customerID: customerID, branch: typed["branch"] ?? "",
                                                              type: typed["account_type"] ?? "", formToken: token,
                                                              by: post.current.staff,
                                                              client: client(request, context))
            return HTTPResponses.redirect(to: "/staff/customers/\(customerID)?done=account_opened&account=\(account.id)")
        } catch let error as BankError {
            if let page = try counterRefusalPage(request, error, post.current) { return page }
            // Nothing was opened under this token, so correcting the form and sending it again is safe.
            return try await accountNewForm(request, context, post.current, typed: typed,
                                            token: retryToken(token, after: error),
                                            error: error)
        }
    }

    func accountNewForm(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, typed: [String: String],
                        token: String, error: BankError?) async throws -> Response {
        let start = try await counterFormStart(request, context, current, purpose: "account_new", titleKey: "staff_counter_account_new_title")
        guard case .ready(_, var values) = start else { return start.refusal }
        let lang = language(request)
        values["branches"] = branchOptions(try await bank.counterBranches(), selected: typed["branch"] ?? "", none: false, lang)
        values["account_types"] = counterAccountTypes(selected: typed["account_type"] ?? "", lang)
        values["form_token"] = token
        if let error {
            values["errors"] = messages(error, lang)
            values["field_errors"] = counterFieldMessages(error, lang)
        }
        return try page("staff_counter_account_new", values, status: error == nil ? .ok : .badRequest)
    }
}
