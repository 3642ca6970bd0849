import BankCore
import BankServices
import Hummingbird

/// 入金・出金 at the counter on one of the customer's accounts. The form carries a one-time
/// token made when it was shown; it is the ledger's idempotency key, so a double click, a
/// reload of the answer or a replay posts once and answers with that first posting.
extension StaffSite {
    func showCounterPostingNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        let account = Self.queryValue(request, "account") ?? ""
        return try await postingForm(request, context, current, typed: ["account": account, "direction": "deposit"],
                                     token: bank.counter.newFormToken(), error: nil)
    }

    func submitCounterPostingNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireStaff()
        guard let customerID = counterCustomerID(context) else { return try customerNotFound(request, current) }
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
            let posting = try await bank.counter.post(direction, customerID: customerID, accountID: accountID,
                                                       amount: typed["amount"] ?? "", memo: typed["memo"] ?? "",
                                                       formToken: token, by: .staff(current.staff),
                                                       client: client(request, context))
            let model = StaffCounterPostingDonePageModel(
                posting: postingRow(posting, lang), replayed: posting.replayed,
                againPath: StaffRoute.postingNew(customerID: customerID).path, customerPath: StaffRoute.customer(id: customerID).path)
            let notice = lang.text(posting.replayed ? "staff_counter.posting_replayed"
                : "staff_counter_posting_done.\(posting.direction.rawValue)")
            return try page("staff_counter_posting_done", model,
                            chrome(request, titleKey: "staff_counter_posting_done.title", current, notice: notice))
        } catch let error as BankError {
            if let page = try counterRefusalPage(request, error, current) { return page }
            // The same token again: nothing was posted under it, so correcting the form is safe.
            return try await postingForm(request, context, current, typed: typed,
                                         token: CounterService.isFormToken(token) ? token : bank.counter.newFormToken(),
                                         error: error)
        }
    }

    func postingRow(_ posting: CounterPosting, _ lang: Language) -> StaffCounterPostingDonePageModel.Posting {
        let account = posting.account
        return StaffCounterPostingDonePageModel.Posting(
            direction: lang.text(posting.direction == .deposit ? "staff_counter.deposit" : "staff_counter.withdrawal"),
            account: "\(lang == .ja ? account.branchNameJa : account.branchNameEn)（\(account.branchCode)） "
                + "\(lang.text(account.accountType.labelKey)) \(account.accountNumber)",
            amount: Yen(abs(posting.line.amount.value)).formatted, memo: posting.line.memo.isEmpty ? "—" : posting.line.memo,
            balanceAfter: posting.line.balanceAfter.formatted, at: formatTimestamp(posting.line.at),
            transactionID: String(posting.line.transactionID))
    }

    func postingForm(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, typed: [String: String],
                     token: String, error: BankError?) async throws -> Response {
        let start = try await counterFormStart(request, context, current, purpose: "posting_new")
        guard case .ready(let summary, let customer) = start else { return start.refusal }
        let lang = language(request)
        let chosen = typed["account"] ?? ""
        let model = StaffCounterPostingNewPageModel(
            customer: customer,
            accounts: summary.accounts.enumerated().map { index, account in
                let row = AccountRow(account, lang)
                return .init(id: row.id, branch: row.branch, branchCode: row.branchCode, type: row.type, number: row.number,
                             balance: row.balance, checked: chosen.isEmpty ? index == 0 : chosen == String(account.id))
            },
            hasAccounts: !summary.accounts.isEmpty, typed: typed, depositChecked: typed["direction"] != "withdrawal",
            withdrawalChecked: typed["direction"] == "withdrawal", formToken: token,
            fieldErrors: error.map { $0.fieldMessages(lang) } ?? [:],
            formAction: StaffRoute.postingNew(customerID: summary.id).path)
        return try page("staff_counter_posting_new", model,
                        counterChrome(request, titleKey: "staff_counter_posting_new.title", current, error: error),
                        status: error == nil ? .ok : .badRequest)
    }
}
