import BankCore
import BankServices
import BankStore
import Hummingbird

/// 登録メールアドレス変更 (PC or mobile) after the customer's written application. The service
/// mails the old and the new address; when the メール通知パスワード goes to the address being
/// replaced, the change waits for a different 役席's approval (申請・承認).
extension StaffSite {
    func showCounterMailAddress(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireStaff(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        return try await mailAddressForm(request, context, current, typed: ["kind": MailAddressKind.pc.rawValue], error: nil)
    }

    func submitCounterMailAddress(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let post: CounterPost
        switch try await counterPost(request, context) {
        case .success(let value): post = value
        case .failure(let answer): return answer.response
        }
        guard let customerID = counterCustomerID(context) else { return try notFoundPage(request, post.current) }
        let typed = ["kind": String(post.form.value("kind").prefix(16)), "address": String(post.form.value("address").prefix(300))]
        do {
            guard let kind = MailAddressKind(rawValue: typed["kind"] ?? "") else {
                throw BankError.invalidInput([FieldError(field: "kind", messageKey: "error.mail_address.kind")])
            }
            switch try await bank.changeMailAddress(customerID: customerID, kind: kind, newAddress: typed["address"] ?? "",
                                                    by: post.current.staff, client: client(request, context)) {
            case .changed:
                return HTTPResponses.redirect(to: "/staff/customers/\(customerID)?done=mail_address_changed")
            case .requested(let made):
                // The メール通知パスワード goes to the address being replaced: a 役席 decides.
                return HTTPResponses.redirect(to: "/staff/requests/\(made.id)?made=1")
            }
        } catch let error as BankError {
            if let page = try counterRefusalPage(request, error, post.current) { return page }
            return try await mailAddressForm(request, context, post.current, typed: typed, error: error)
        }
    }

    func mailAddressForm(_ request: Request, _ context: BankRequestContext, _ current: StaffSession, typed: [String: String],
                         error: BankError?) async throws -> Response {
        let start = try await counterFormStart(request, context, current, purpose: "mail_address", titleKey: "staff_counter_mail_address_title")
        guard case .ready(_, var values) = start else { return start.refusal }
        let lang = language(request)
        values["typed"] = typed
        values["kind_pc"] = typed["kind"] != MailAddressKind.mobile.rawValue
        values["kind_mobile"] = typed["kind"] == MailAddressKind.mobile.rawValue
        if let error {
            values["errors"] = messages(error, lang)
            values["field_errors"] = counterFieldMessages(error, lang)
        }
        return try page("staff_counter_mail_address", values, status: error == nil ? .ok : .badRequest)
    }
}
