import BankCore
import BankServices
import Hummingbird

/// 登録メールアドレス変更 (PC or mobile) after the customer's written application. The service
/// mails the old and the new address; when the メール通知パスワード goes to the address being
/// replaced, the change waits for a different 役席's approval (申請・承認).
extension StaffSite {
    func showCounterMailAddress(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireStaff()
        return try await mailAddressForm(request, context, current, typed: ["kind": MailAddressKind.pc.rawValue], error: nil)
    }

    func submitCounterMailAddress(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireStaff()
        guard let customerID = counterCustomerID(context) else { return try customerNotFound(request, current) }
        let typed = ["kind": String(form.value("kind").prefix(16)), "address": String(form.value("address").prefix(300))]
        do {
            guard let kind = MailAddressKind(rawValue: typed["kind"] ?? "") else {
                throw BankError.invalidInput([FieldError(field: "kind", messageKey: "error.mail_address.kind")])
            }
            switch try await bank.counter.changeMailAddress(customerID: customerID, kind: kind, newAddress: typed["address"] ?? "",
                                                    by: .staff(current.staff), client: client(request, context)) {
            case .changed:
                return HTTPResponses.redirect(to: StaffRoute.customer(id: customerID), query: ["done": "mail_address_changed"])
            case .requested(let made):
                // The メール通知パスワード goes to the address being replaced: a 役席 decides.
                return HTTPResponses.redirect(to: StaffRoute.request(id: made.id), query: ["made": "1"])
            }
        } catch let error as BankError {
            if let page = try counterRefusalPage(request, error, current) { return page }
            return try await mailAddressForm(request, context, current, typed: typed, error: error)
        }
    }

    func mailAddressForm(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, typed: [String: String],
                         error: BankError?) async throws -> Response {
        let start = try await counterFormStart(request, context, current, purpose: "mail_address")
        guard case .ready(let summary, let customer) = start else { return start.refusal }
        let lang = language(request)
        let model = StaffCounterMailAddressPageModel(
            customer: customer, typed: typed, kindPC: typed["kind"] != MailAddressKind.mobile.rawValue,
            kindMobile: typed["kind"] == MailAddressKind.mobile.rawValue,
            fieldErrors: error.map { $0.fieldMessages(lang) } ?? [:],
            formAction: StaffRoute.mailAddress(customerID: summary.id).path)
        return try page("staff_counter_mail_address", model, counterChrome(request, titleKey: "staff_counter_mail_address.title", current, error: error),
                        status: error == nil ? .ok : .badRequest)
    }
}
