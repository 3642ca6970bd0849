import BankCore
import BankServices
import Hummingbird

/// 顧客新規登録: the customer's data and, if wanted, the first account. The bank generates the
/// ログインパスワード and the 確認用パスワード and shows them once, on the answer to the POST
/// itself (never stored in clear, never in a URL, a log or the audit trail), for the sealed
/// letter to the customer. The form carries a one-time token: a second submission of it
/// creates nothing and shows the customer the first one created, without the passwords.
extension StaffSite {
    static let customerFields = ["login_id", "name_kanji", "name_kana", "pc_email", "mobile_email", "branch", "account_type"]

    func showCounterCustomerNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        do { try BankActor.staff(current.staff).requireStaff(StaffRole.counterWorkers) } catch let error as BankError {
            return try counterRefusalPage(request, error, current) ?? customerNotFound(request, current)
        }
        return try await customerNewForm(request, current, typed: ["account_type": AccountType.ordinary.rawValue],
                                         token: bank.counter.newFormToken(), error: nil)
    }

    func submitCounterCustomerNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireStaff()
        let typed = Dictionary(uniqueKeysWithValues: Self.customerFields.map { ($0, String(form.value($0).prefix(254))) })
        let token = String(form.value("form_token").prefix(64))
        let application = CounterCustomerForm(
            loginID: typed["login_id"] ?? "", nameKanji: typed["name_kanji"] ?? "", nameKana: typed["name_kana"] ?? "",
            pcEmail: typed["pc_email"] ?? "", mobileEmail: typed["mobile_email"] ?? "",
            firstAccountBranch: typed["branch"] ?? "", firstAccountType: typed["account_type"] ?? "")
        let opened: CounterCustomerOpened
        do {
            opened = try await bank.counter.openCustomer(application, formToken: token, by: .staff(current.staff),
                                                          client: client(request, context))
        } catch let error as BankError {
            if let page = try counterRefusalPage(request, error, current) { return page }
            return try await customerNewForm(request, current, typed: typed, token: retryToken(token, after: error),
                                             error: error)
        }
        let lang = language(request)
        let created = opened.customer
        let passwords = opened.loginPassword.flatMap { login in
            opened.confirmationPassword.map { StaffCounterCustomerCreatedPageModel.Passwords(login: login, confirmation: $0) }
        }
        let model = StaffCounterCustomerCreatedPageModel(
            customer: StaffCounterCustomer(id: String(created.id), loginID: created.loginID, nameKanji: created.nameKanji,
                                           nameKana: created.nameKana, pcEmail: created.pcEmail,
                                           mobileEmail: created.mobileEmail ?? "—", path: StaffRoute.customer(id: created.id).path),
            accounts: opened.accounts.map { AccountRow($0, lang) }, hasAccounts: !opened.accounts.isEmpty,
            passwords: passwords, replayed: passwords == nil ? lang.text("staff_counter.customer_replayed") : nil)
        return try page("staff_counter_customer_created", model,
                        chrome(request, titleKey: "staff_counter_customer_created.title", current,
                               notice: passwords == nil ? nil : lang.text("staff_counter.customer_created")))
    }

    func customerNewForm(_ request: Request, _ current: StaffSession, typed: [String: String], token: String,
                         error: BankError?) async throws -> Response {
        let lang = language(request)
        let model = StaffCounterCustomerNewPageModel(
            typed: typed, formToken: token,
            branches: branchOptions(try await bank.counter.branches(), selected: typed["branch"] ?? "", none: true, lang),
            accountTypes: SelectOption.accountTypes(selected: typed["account_type"] ?? "", lang),
            fieldErrors: error.map { $0.fieldMessages(lang) } ?? [:])
        return try page("staff_counter_customer_new", model,
                        counterChrome(request, titleKey: "staff_counter_customer_new.title", current, error: error),
                        status: error == nil ? .ok : .badRequest)
    }
}
