import BankCore
import BankServices
import BankStore
import Hummingbird

/// 顧客新規登録: the customer's data and, if wanted, the first account. The bank generates the
/// ログインパスワード and the 確認用パスワード and shows them once, on the answer to the POST
/// itself (never stored in clear, never in a URL, a log or the audit trail), for the sealed
/// letter to the customer. The form carries a one-time token: a second submission of it
/// creates nothing and shows the customer the first one created, without the passwords.
extension StaffSite {
    static let customerFields = ["login_id", "name_kanji", "name_kana", "pc_email", "mobile_email", "branch", "account_type"]

    func showCounterCustomerNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        do { try bank.requireRole(current.staff, allowed: StaffRole.counterWorkers) } catch let error as BankError {
            return try counterRefusalPage(request, error, current) ?? notFoundPage(request, current)
        }
        return try await customerNewForm(request, current, typed: ["account_type": AccountType.ordinary.rawValue],
                                         token: bank.newCounterFormToken(), error: nil)
    }

    func submitCounterCustomerNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let post: CounterPost
        switch try await counterPost(request, context) {
        case .success(let value): post = value
        case .failure(let answer): return answer.response
        }
        let typed = Dictionary(uniqueKeysWithValues: Self.customerFields.map { ($0, String(post.form.value($0).prefix(254))) })
        let token = String(post.form.value("form_token").prefix(64))
        let application = CounterCustomerForm(
            loginID: typed["login_id"] ?? "", nameKanji: typed["name_kanji"] ?? "", nameKana: typed["name_kana"] ?? "",
            pcEmail: typed["pc_email"] ?? "", mobileEmail: typed["mobile_email"] ?? "",
            firstAccountBranch: typed["branch"] ?? "", firstAccountType: typed["account_type"] ?? "")
        let opened: CounterCustomerOpened
        do {
            opened = try await bank.openCustomerAtCounter(application, formToken: token, by: post.current.staff,
                                                          client: client(request, context))
        } catch let error as BankError {
            if let page = try counterRefusalPage(request, error, post.current) { return page }
            return try await customerNewForm(request, post.current, typed: typed, token: retryToken(token, after: error),
                                             error: error)
        }
        let lang = language(request)
        var values = baseContext(request, titleKey: "staff_counter_customer_created_title", csrf: post.current.session.csrfToken,
                                 staff: post.current.staff)
        values["customer"] = [
            "id": String(opened.customer.id), "login_id": opened.customer.loginID, "name_kanji": opened.customer.nameKanji,
            "name_kana": opened.customer.nameKana, "pc_email": opened.customer.pcEmail,
            "mobile_email": opened.customer.mobileEmail ?? "—",
        ]
        values["accounts"] = opened.accounts.map { $0.templateRow(lang) }
        values["has_accounts"] = !opened.accounts.isEmpty
        if let login = opened.loginPassword, let confirmation = opened.confirmationPassword {
            values["passwords"] = ["login": login, "confirmation": confirmation]
            values["notice"] = lang.text("staff_counter_customer_created")
        } else {
            values["replayed"] = lang.text("staff_counter_customer_replayed")
        }
        return try page("staff_counter_customer_created", values)
    }

    func customerNewForm(_ request: Request, _ current: StaffSession, typed: [String: String], token: String,
                         error: BankError?) async throws -> Response {
        let lang = language(request)
        var values = baseContext(request, titleKey: "staff_counter_customer_new_title", csrf: current.session.csrfToken,
                                 staff: current.staff)
        values["typed"] = typed
        values["form_token"] = token
        values["branches"] = branchOptions(try await bank.counterBranches(), selected: typed["branch"] ?? "", none: true, lang)
        values["account_types"] = counterAccountTypes(selected: typed["account_type"] ?? "", lang)
        if let error {
            values["errors"] = messages(error, lang)
            values["field_errors"] = counterFieldMessages(error, lang)
        }
        return try page("staff_counter_customer_new", values, status: error == nil ? .ok : .badRequest)
    }
}
