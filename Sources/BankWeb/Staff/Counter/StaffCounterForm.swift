import BankCore
import BankServices
import Foundation
import Hummingbird

/// What the counter screens share: the refusals that are a page of their own, the form token
/// of a retried form, the customer heading and the branch choices of a form.
extension StaffSite {
    /// The customer id of the path: nil answers 404 like an id no customer has.
    func counterCustomerID(_ context: BankRequestContext) -> Int64? {
        Self.positiveID(context.parameters.get("id"))
    }

    /// The refusals that are a page of their own rather than a message on the form: another
    /// customer's account or payee, or no such customer (404); a role without counter work (403).
    func counterRefusalPage(_ request: Request, _ error: BankError, _ current: StaffSession) throws -> Response? {
        guard ErrorPresenter.isPageOfItsOwn(error) else { return nil }
        let status = ErrorPresenter.status(of: error)
        let key = error == .accountNotFound || error == .notYourAccount ? "error.counter.account_not_found" : Self.messageKey(error)
        return try errorPage(request, messageKey: key, status: status, csrf: current.session.csrfToken, staff: current.staff)
    }

    /// The one-time token a form shown again after a refusal carries: the submitted one when
    /// nothing was made under it (so correcting and sending again is safe), else a new one.
    func retryToken(_ submitted: String, after error: BankError) -> String {
        if case .invalidInput(let fields) = error, fields.contains(where: { $0.field == "form_token" }) {
            return bank.counter.newFormToken()
        }
        return CounterService.isFormToken(submitted) ? submitted : bank.counter.newFormToken()
    }

    /// The chrome of a counter form: its refusal's messages above it, if it was refused.
    func counterChrome(_ request: Request, titleKey: String, _ current: StaffSession, error: BankError?) -> PageChrome {
        chrome(request, titleKey: titleKey, current, errors: error.map { messages($0, language(request)) } ?? [])
    }

    /// The start every counter form shares: the customer it is about (the view audited) and
    /// its heading; or the page that refuses it.
    enum CounterFormStart {
        case ready(CustomerSummary, StaffCounterCustomer)
        case refused(Response)

        var refusal: Response {
            if case .refused(let response) = self { return response }
            return HTTPResponses.redirect(to: StaffRoute.home)
        }
    }

    func counterFormStart(_ request: Request, _ context: BankRequestContext, _ current: StaffSession,
                          purpose: String) async throws -> CounterFormStart {
        guard let customerID = counterCustomerID(context) else { return .refused(try customerNotFound(request, current)) }
        let customer: CustomerSummary
        do {
            customer = try await bank.counter.customer(customerID: customerID, by: .staff(current.staff), client: client(request, context),
                                                      purpose: purpose)
        } catch let refusal as BankError {
            return .refused(try counterRefusalPage(request, refusal, current) ?? customerNotFound(request, current))
        }
        return .ready(customer, counterCustomerRow(customer))
    }

    func counterCustomerRow(_ customer: CustomerSummary) -> StaffCounterCustomer {
        StaffCounterCustomer(id: String(customer.id), loginID: customer.loginID, nameKanji: customer.nameKanji,
                             nameKana: customer.nameKana, pcEmail: customer.pcEmail, mobileEmail: customer.mobileEmail ?? "—",
                             path: StaffRoute.customer(id: customer.id).path)
    }

    /// The branch choices of a form, the typed one selected; `none` adds 「開設しない」 first.
    func branchOptions(_ branches: [BranchView], selected: String, none: Bool, _ lang: Language) -> [SelectOption] {
        var options: [SelectOption] = []
        if none { options.append(SelectOption(value: "", label: lang.text("staff_counter.no_account"), selected: selected.isEmpty)) }
        for branch in branches {
            options.append(SelectOption(value: branch.code, label: "\(lang == .ja ? branch.nameJa : branch.nameEn)（\(branch.code)）",
                                        selected: branch.code == selected))
        }
        return options
    }
}
