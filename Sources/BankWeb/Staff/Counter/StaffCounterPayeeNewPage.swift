import BankCore
import BankServices
import Hummingbird

/// 届出済み振込先の登録 at the counter, after the customer's written application: checked like
/// any typed destination against the bank/branch master and, in this bank, the ledger.
extension StaffSite {
    func showCounterPayeeNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        return try await payeeNewForm(request, context, current, typed: DestinationForm(), error: nil)
    }

    func submitCounterPayeeNew(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireStaff()
        guard let customerID = counterCustomerID(context) else { return try customerNotFound(request, current) }
        let typed = DestinationForm(form.value)
        do {
            _ = try await bank.counter.registerBankPayee(customerID: customerID, typed.payee, by: .staff(current.staff),
                                                          client: client(request, context))
            return HTTPResponses.redirect(to: StaffRoute.customer(id: customerID), query: ["done": "payee_registered"])
        } catch let error as BankError {
            if let page = try counterRefusalPage(request, error, current) { return page }
            return try await payeeNewForm(request, context, current, typed: typed, error: error)
        }
    }

    func payeeNewForm(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, typed: DestinationForm,
                      error: BankError?) async throws -> Response {
        let start = try await counterFormStart(request, context, current, purpose: "payee_new")
        guard case .ready(let summary, let customer) = start else { return start.refusal }
        let lang = language(request)
        let model = StaffCounterPayeeNewPageModel(
            customer: customer, typed: typed, accountTypes: SelectOption.accountTypes(selected: typed.accountType, lang),
            bankCodeHint: lang.text("transfer.bank_code_hint", bank.settings.bankCode),
            fieldErrors: error.map { $0.fieldMessages(lang) } ?? [:],
            formAction: StaffRoute.payeeNew(customerID: summary.id).path)
        return try page("staff_counter_payee_new", model, counterChrome(request, titleKey: "staff_counter_payee_new.title", current, error: error),
                        status: error == nil ? .ok : .badRequest)
    }
}
