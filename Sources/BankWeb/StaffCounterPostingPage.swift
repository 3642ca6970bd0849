import BankCore
import BankServices
import BankStore
import Hummingbird

/// 入金・出金 at the counter on one of the customer's accounts. The form carries a one-time
/// token made when it was shown; it is the ledger's idempotency key, so a double click, a
/// reload of the answer or a replay posts once and answers with that first posting.
extension StaffSite {
    func showCounterPostingNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let account = Self.queryValue(request, "account") ?? ""
        return try await postingForm(request, context, current, typed: ["account": account, "direction": "deposit"],
                                     token: bank.newCounterFormToken(), error: nil)
    }

    func submitCounterPostingNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let post: CounterPost
        switch try await counterPost(request, context) {
        case .success(let value): post = value
        case .failure(let answer): return answer.response
        }
        guard let customerID = counterCustomerID(context) else { return try notFoundPage(request, post.current) }
        let form = post.form
        let typed = ["account": String(form.value("account").prefix(20)), "direction": String(form.value("direction").prefix(16)),
                     "amount": String(form.value("amount").prefix(32)), "memo": String(form.value("memo").prefix(80))]
        let token = String(form.value("form_token").prefix(64))
        let lang = language(request)
        var errors: [FieldError] = []
        let direction = CounterDirection(rawValue: typed["direction"] ?? "")
        if direction == nil { errors.append(FieldError(field: "direction", messageKey: "error.counter.direction")) }
        let accountID = Self.positiveID(typed["account"])
        if accountID == nil { errors.append(FieldError(field: "account", messageKey: "error.counter.account_required")) }
        do {
            guard errors.isEmpty, let direction, let accountID else { throw BankError.invalidInput(errors) }
            let posting = try await bank.postAtCounter(direction, customerID: customerID, accountID: accountID,
                                                       amount: typed["amount"] ?? "", memo: typed["memo"] ?? "",
                                                       formToken: token, by: post.current.staff,
                                                       client: client(request, context))
            var values = baseContext(request, titleKey: "staff_counter_posting_done_title", csrf: post.current.session.csrfToken,
                                     staff: post.current.staff)
            values["customer_id"] = String(customerID)
            values["posting"] = postingRow(posting, lang)
            values["notice"] = lang.text(posting.replayed ? "staff_counter_posting_replayed" : "staff_counter_posting_done.\(posting.direction.rawValue)")
            values["replayed"] = posting.replayed
            return try page("staff_counter_posting_done", values)
        } catch let error as BankError {
            if let page = try counterRefusalPage(request, error, post.current) { return page }
            // The same token again: nothing was posted under it, so correcting the form is safe.
            return try await postingForm(request, context, post.current, typed: typed,
                                         token: Bank.isCounterFormToken(token) ? token : bank.newCounterFormToken(),
                                         error: error)
        }
    }

    func postingRow(_ posting: CounterPosting, _ lang: Language) -> [String: Any] {
        let account = posting.account
        return [
            "direction": lang.text(posting.direction == .deposit ? "staff_counter_deposit" : "staff_counter_withdrawal"),
            "account": "\(lang == .ja ? account.branchNameJa : account.branchNameEn)（\(account.branchCode)） "
                + "\(lang.text(account.accountType.labelKey)) \(account.accountNumber)",
            "amount": Yen(abs(posting.line.amount.value)).formatted,
            "memo": posting.line.memo.isEmpty ? "—" : posting.line.memo,
            "balance_after": posting.line.balanceAfter.formatted,
            "at": formatTimestamp(posting.line.at),
            "transaction_id": String(posting.line.transactionID),
        ]
    }

    func postingForm(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, typed: [String: String],
                     token: String, error: BankError?) async throws -> Response {
        let start = try await counterFormStart(request, context, current, purpose: "posting_new", titleKey: "staff_counter_posting_new_title")
        guard case .ready(let customer, var values) = start else { return start.refusal }
        let lang = language(request)
        let chosen = typed["account"] ?? ""
        values["accounts"] = customer.accounts.enumerated().map { index, account -> [String: Any] in
            var row = account.templateRow(lang)
            row["checked"] = chosen.isEmpty ? index == 0 : chosen == String(account.id)
            return row
        }
        values["has_accounts"] = !customer.accounts.isEmpty
        values["typed"] = typed
        values["deposit_checked"] = typed["direction"] != "withdrawal"
        values["withdrawal_checked"] = typed["direction"] == "withdrawal"
        values["form_token"] = token
        if let error {
            values["errors"] = messages(error, lang)
            values["field_errors"] = counterFieldMessages(error, lang)
        }
        return try page("staff_counter_posting_new", values, status: error == nil ? .ok : .badRequest)
    }
}
