import BankCore
import BankServices
import BankStore
import Hummingbird

/// メール通知パスワード利用変更 and its result: a registered address, 利用する or 利用しない,
/// the 確認用パスワード, 次へ.
extension CustomerSite {
    func showMailPassword(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        return try await mailPasswordForm(request, current, address: nil, use: nil, errors: [], fieldErrors: [:])
    }

    func submitMailPassword(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard verifyForm(request, form: form, session: current.session) else { return try csrfRefusal(request, current) }
        let lang = language(request)
        let address = String(form.value("address").prefix(254))
        let use: Bool? = switch form.value("use") {
        case "on": true
        case "off": false
        default: nil
        }
        guard let use else {
            let message = lang.text("error.mail_password.use_required")
            return try await mailPasswordForm(request, current, address: address, use: nil, errors: [message],
                                              fieldErrors: ["use": message], status: .badRequest)
        }
        do {
            _ = try await bank.changeMailPasswordSetting(
                customerID: current.customer.id, use: use, address: address,
                confirmationPassword: String(form.value("confirmation_password").prefix(128)),
                session: current.session.factorsPresented, client: client(request, context))
            return HTTPResponses.redirect(to: "/mail-password/done?use=\(use ? "on" : "off")")
        } catch let error as BankError {
            let status = refusalStatus(error)
            return try await mailPasswordForm(request, current, address: address, use: use, errors: messages(error, lang),
                                              fieldErrors: fieldMessages(error, lang), locked: status == .forbidden, status: status)
        }
    }

    func mailPasswordForm(_ request: Request, _ current: CustomerSession, address: String?, use: Bool?, errors: [String],
                          fieldErrors: [String: String], locked: Bool = false,
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = language(request)
        let view = try await bank.mailPasswordSetting(customerID: current.customer.id)
        var values = baseContext(request, titleKey: "mail_password_title", csrf: current.session.csrfToken, customer: current.customer)
        if let setting = view.current {
            values["state_text"] = lang.text("mail_password_state.on", setting.address, formatDateTime(setting.enabledAt, lang))
        } else {
            values["state_text"] = lang.text("mail_password_state.off")
        }
        let chosen = address ?? view.current?.address ?? view.addresses.first
        values["addresses"] = view.addresses.enumerated().map { index, address -> [String: Any] in
            ["value": address, "radio_id": "address_\(index)", "checked": address == chosen]
        }
        let canEnable = view.enableRefusal == nil
        if let refusal = view.enableRefusal { values["refusal_text"] = lang.text(refusal.messageKey) }
        values["can_enable"] = canEnable
        // What the form starts on: the choice just made, else the current state.
        let on = use ?? (view.current != nil)
        values["use_on_checked"] = canEnable && on
        values["use_off_checked"] = !on || !canEnable
        values["show_form"] = !locked && (canEnable || view.current != nil)
        values["field_errors"] = fieldErrors
        values["errors"] = errors
        return try page("mail_password", values, status: status)
    }

    /// The result screen, from the setting as it now is (a reload shows it again, sends nothing).
    func mailPasswordChanged(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        let view = try await bank.mailPasswordSetting(customerID: current.customer.id)
        let on = request.uri.queryParameters.get("use") == "on"
        guard on == (view.current != nil) else { return HTTPResponses.redirect(to: "/mail-password") }
        var values = baseContext(request, titleKey: "mail_password_done_title", csrf: current.session.csrfToken, customer: current.customer)
        if let setting = view.current {
            values["result_message"] = lang.text("mail_password_done.on")
            values["result_detail"] = lang.text("mail_password_done.on_detail", setting.address)
        } else {
            values["result_message"] = lang.text("mail_password_done.off")
            values["result_detail"] = lang.text("mail_password_done.off_detail")
        }
        return try page("mail_password_done", values)
    }
}
