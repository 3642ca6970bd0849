import BankCore
import BankServices
import Hummingbird

/// 届出済み振込先の削除 at the counter, after the customer's written application and a
/// confirmation screen; past transfers keep their payee.
extension StaffSite {
    func showCounterPayeeDelete(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        guard let customerID = counterCustomerID(context), let payeeID = Self.positiveID(context.parameters.get("payeeID")) else {
            return try customerNotFound(request, current)
        }
        let lang = language(request)
        let customer: CustomerSummary, payee: PayeeView
        do {
            customer = try await bank.counter.customer(customerID: customerID, by: .staff(current.staff), client: client(request, context),
                                                      purpose: "payee_delete")
            payee = try await bank.counter.bankPayee(customerID: customerID, payeeID: payeeID, by: .staff(current.staff))
        } catch let refusal as BankError {
            return try counterRefusalPage(request, refusal, current) ?? customerNotFound(request, current)
        }
        let model = StaffCounterPayeeDeletePageModel(customer: counterCustomerRow(customer), payee: payeeRow(payee, lang),
                                                      formAction: StaffRoute.payeeDelete(customerID: customerID, payeeID: payee.record.id).path)
        return try page("staff_counter_payee_delete", model, chrome(request, titleKey: "staff_counter_payee_delete.title", current))
    }

    func submitCounterPayeeDelete(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireStaff()
        guard let customerID = counterCustomerID(context), let payeeID = Self.positiveID(context.parameters.get("payeeID")) else {
            return try customerNotFound(request, current)
        }
        do {
            try await bank.counter.removeBankPayee(customerID: customerID, payeeID: payeeID, by: .staff(current.staff),
                                                    client: client(request, context))
            return HTTPResponses.redirect(to: StaffRoute.customer(id: customerID), query: ["done": "payee_removed"])
        } catch let error as BankError {
            if let page = try counterRefusalPage(request, error, current) { return page }
            return try errorPage(request, messageKey: Self.messageKey(error), status: .badRequest,
                                 csrf: current.session.csrfToken, staff: current.staff)
        }
    }
}
