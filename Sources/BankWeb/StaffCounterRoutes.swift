import BankCore
import BankServices
import BankStore
import Foundation
import Hummingbird

/// 窓口業務 (counter work) on the web: 顧客新規登録, 口座開設, 入金・出金, 届出済み振込先の登録と
/// 削除, 登録メールアドレス変更. Every write is a POST with the staff CSRF token; the service
/// checks the role (事務担当・役席) and writes the audit row, the page only shows the answer.
extension StaffSite {
    func addCounterRoutes(to router: Router<BankRequestContext>) {
        router.get("/staff/customers/new") { request, context in try await self.showCounterCustomerNew(request, context) }
        router.post("/staff/customers/new") { request, context in try await self.submitCounterCustomerNew(request, context) }
        router.get("/staff/customers/:id/accounts/new") { request, context in try await self.showCounterAccountNew(request, context) }
        router.post("/staff/customers/:id/accounts/new") { request, context in try await self.submitCounterAccountNew(request, context) }
        router.get("/staff/customers/:id/postings/new") { request, context in try await self.showCounterPostingNew(request, context) }
        router.post("/staff/customers/:id/postings/new") { request, context in try await self.submitCounterPostingNew(request, context) }
        router.get("/staff/customers/:id/payees/new") { request, context in try await self.showCounterPayeeNew(request, context) }
        router.post("/staff/customers/:id/payees/new") { request, context in try await self.submitCounterPayeeNew(request, context) }
        router.get("/staff/customers/:id/payees/:payeeID/delete") { request, context in
            try await self.showCounterPayeeDelete(request, context)
        }
        router.post("/staff/customers/:id/payees/:payeeID/delete") { request, context in
            try await self.submitCounterPayeeDelete(request, context)
        }
        router.get("/staff/customers/:id/mail-address") { request, context in try await self.showCounterMailAddress(request, context) }
        router.post("/staff/customers/:id/mail-address") { request, context in try await self.submitCounterMailAddress(request, context) }
    }

    /// A counter POST that passed the gate and the CSRF check, with its form.
    struct CounterPost {
        let current: StaffSession
        let form: FormBody
    }

    /// The staff gate and the CSRF check of a counter POST; otherwise the answer to send.
    func counterPost(_ request: Request, _ context: BankRequestContext) async throws -> Result<CounterPost, CounterAnswer> {
        let form = try await FormBody.read(request, context: context)
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return .failure(CounterAnswer(gate.refusal)) }
        guard verifyForm(request, form: form, session: current.session) else {
            return .failure(CounterAnswer(try errorPage(request, messageKey: "error.csrf", status: .forbidden,
                                                        csrf: current.session.csrfToken, staff: current.staff)))
        }
        return .success(CounterPost(current: current, form: form))
    }

    /// A response as an Error, so a refused step can leave a handler through `Result`.
    struct CounterAnswer: Error {
        let response: Response
        init(_ response: Response) { self.response = response }
    }

    /// The customer id of the path: nil answers 404 like an id no customer has.
    func counterCustomerID(_ context: BankRequestContext) -> Int64? {
        Self.positiveID(context.parameters.get("id"))
    }

    /// The refusals that are a page of their own rather than a message on the form: another
    /// customer's account or payee, or no such customer (404); a role without counter work (403).
    func counterRefusalPage(_ request: Request, _ error: BankError, _ current: StaffSession) throws -> Response? {
        let status: HTTPResponse.Status
        switch error {
        case .customerNotFound, .accountNotFound, .notYourAccount, .payeeNotFound: status = .notFound
        case .staff(.forbidden): status = .forbidden
        default: return nil
        }
        let key = error == .accountNotFound || error == .notYourAccount ? "error.counter.account_not_found" : Self.messageKey(error)
        return try errorPage(request, messageKey: key, status: status, csrf: current.session.csrfToken, staff: current.staff)
    }

    /// The one-time token a form shown again after a refusal carries: the submitted one when
    /// nothing was made under it (so correcting and sending again is safe), else a new one.
    func retryToken(_ submitted: String, after error: BankError) -> String {
        if case .invalidInput(let fields) = error, fields.contains(where: { $0.field == "form_token" }) {
            return bank.newCounterFormToken()
        }
        return Bank.isCounterFormToken(submitted) ? submitted : bank.newCounterFormToken()
    }

    func notFoundPage(_ request: Request, _ current: StaffSession) throws -> Response {
        try errorPage(request, messageKey: "error.staff.customer_not_found", status: .notFound,
                      csrf: current.session.csrfToken, staff: current.staff)
    }

    /// Bad input by field name, for the message beside each field.
    func counterFieldMessages(_ error: BankError, _ lang: Language) -> [String: String] {
        guard case .invalidInput(let fields) = error else { return [:] }
        var out: [String: String] = [:]
        for field in fields where out[field.field] == nil { out[field.field] = lang.text(field.messageKey) }
        return out
    }

    /// The customer a counter form is about, as its heading shows them.
    /// The start every counter form shares: the customer it is about (the view audited) and
    /// the page's values with that customer in them; or the page that refuses it.
    enum CounterFormStart {
        case ready(CustomerSummary, [String: Any])
        case refused(Response)

        var refusal: Response {
            if case .refused(let response) = self { return response }
            return HTTPResponses.redirect(to: StaffSite.root)
        }
    }

    func counterFormStart(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, purpose: String,
                          titleKey: String) async throws -> CounterFormStart {
        guard let customerID = counterCustomerID(context) else { return .refused(try notFoundPage(request, current)) }
        let customer: CustomerSummary
        do {
            customer = try await bank.counterCustomer(customerID: customerID, by: current.staff, client: client(request, context),
                                                      purpose: purpose)
        } catch let refusal as BankError {
            return .refused(try counterRefusalPage(request, refusal, current) ?? notFoundPage(request, current))
        }
        var values = baseContext(request, titleKey: titleKey, csrf: current.session.csrfToken, staff: current.staff)
        values["customer"] = counterCustomerRow(customer)
        return .ready(customer, values)
    }

    func counterCustomerRow(_ customer: CustomerSummary) -> [String: Any] {
        ["id": String(customer.id), "login_id": customer.loginID, "name_kanji": customer.nameKanji,
         "name_kana": customer.nameKana, "pc_email": customer.pcEmail, "mobile_email": customer.mobileEmail ?? "—"]
    }

    /// The branch choices of a form, the typed one selected; `none` adds 「開設しない」 first.
    func branchOptions(_ branches: [BranchRecord], selected: String, none: Bool, _ lang: Language) -> [[String: Any]] {
        var options: [[String: Any]] = []
        if none { options.append(["value": "", "label": lang.text("staff_counter_no_account"), "selected": selected.isEmpty]) }
        for branch in branches {
            options.append(["value": branch.code, "label": "\(lang == .ja ? branch.nameJa : branch.nameEn)（\(branch.code)）",
                            "selected": branch.code == selected])
        }
        return options
    }

    /// 普通・当座・貯蓄, the typed one selected (普通 by default).
    func counterAccountTypes(selected: String, _ lang: Language) -> [[String: Any]] {
        let chosen = AccountType(input: selected) ?? .ordinary
        return AccountType.allCases.map { ["value": $0.rawValue, "label": lang.text($0.labelKey), "selected": $0 == chosen] }
    }

    /// 顧客詳細's message after a counter action (`?done=…`): only known keys are shown.
    func counterNotice(_ request: Request, _ lang: Language, accounts: [AccountRecord]) -> String? {
        guard let done = Self.queryValue(request, "done"), Self.counterNotices.contains(done) else { return nil }
        if done == "account_opened", let id = Self.positiveID(Self.queryValue(request, "account")),
           let account = accounts.first(where: { $0.id == id }) {
            let branch = lang == .ja ? account.branchNameJa : account.branchNameEn
            return lang.text("staff_counter_done.account_opened_number", branch, lang.text(account.accountType.labelKey),
                             account.accountNumber)
        }
        return lang.text("staff_counter_done.\(done)")
    }

    static let counterNotices: Set<String> = [
        "account_opened", "payee_registered", "payee_removed", "mail_address_changed",
    ]
}

extension StaffSite {
    /// The counter's screens, for the test that renders every template.
    static let counterScreenNames = [
        "staff_counter_customer_new", "staff_counter_customer_created", "staff_counter_account_new",
        "staff_counter_posting_new", "staff_counter_posting_done", "staff_counter_payee_new", "staff_counter_payee_delete",
        "staff_counter_mail_address",
    ]
}
