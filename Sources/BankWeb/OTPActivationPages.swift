import BankCore
import BankServices
import Hummingbird

/// ワンタイムパスワード利用開始画面 / 利用開始結果確認, and ワンタイムパスワード利用解除画面 /
/// 利用解除結果確認.
extension CustomerSite {
    func showActivate(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let overview = try await bank.factorOverview(customerID: current.customer.id)
        var refusal: [String] = []
        do { try ExtraFactorRules.checkActivate(overview.state) } catch { refusal = [language(request).text(error.messageKey)] }
        return try factorForm("otp_activate", titleKey: "otp_activate_title", request, current, errors: refusal, showForm: refusal.isEmpty)
    }

    func submitActivate(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard verifyForm(request, form: form, session: current.session) else { return try csrfRefusal(request, current) }
        let lang = language(request)
        let code = form.value("otp")
        if code.trimmingCharacters(in: .whitespaces).isEmpty {
            return try factorForm("otp_activate", titleKey: "otp_activate_title", request, current,
                                  errors: [lang.text("error.otp.required")], showForm: true, status: .badRequest)
        }
        do {
            try await bank.activateToken(customerID: current.customer.id, code: String(code.prefix(32)),
                                         sessionCookie: current.cookieValue, client: client(request, context))
            return HTTPResponses.redirect(to: "/otp/activate/done")
        } catch let error as BankError {
            let showForm: Bool = switch error {
            case .wrongOTP, .otpAlreadyUsed: true
            default: false
            }
            return try factorForm("otp_activate", titleKey: "otp_activate_title", request, current,
                                  errors: messages(error, lang), showForm: showForm, status: .badRequest)
        }
    }

    func activated(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard try await bank.factorOverview(customerID: current.customer.id).state == .otpActive else {
            return HTTPResponses.redirect(to: "/otp")
        }
        return try factorForm("otp_activated", titleKey: "otp_activated_title", request, current, errors: [], showForm: false)
    }

    func showDeactivate(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let overview = try await bank.factorOverview(customerID: current.customer.id)
        var refusal: [String] = []
        do { try ExtraFactorRules.checkDeactivate(overview.state, presented: current.session.factorsPresented) } catch {
            refusal = [language(request).text(error.messageKey)]
        }
        return try factorForm("otp_deactivate", titleKey: "otp_deactivate_title", request, current, errors: refusal,
                              showForm: refusal.isEmpty, withdrawing: overview.state != .otpActive)
    }

    func submitDeactivate(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard verifyForm(request, form: form, session: current.session) else { return try csrfRefusal(request, current) }
        do {
            try await bank.deactivateToken(customerID: current.customer.id, confirmationPassword: form.value("confirmation_password"),
                                           session: current.session.factorsPresented, client: client(request, context))
            return HTTPResponses.redirect(to: "/otp/deactivate/done")
        } catch let error as BankError {
            let showForm: Bool = switch error {
            case .wrongConfirmationPassword, .invalidInput: true
            default: false
            }
            return try factorForm("otp_deactivate", titleKey: "otp_deactivate_title", request, current,
                                  errors: messages(error, language(request)), showForm: showForm, status: .badRequest)
        }
    }

    func deactivated(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard try await bank.factorOverview(customerID: current.customer.id).state == .none else {
            return HTTPResponses.redirect(to: "/otp")
        }
        return try factorForm("otp_deactivated", titleKey: "otp_deactivated_title", request, current, errors: [], showForm: false)
    }

    func factorForm(_ template: String, titleKey: String, _ request: Request, _ current: CustomerSession, errors: [String],
                    showForm: Bool, withdrawing: Bool = false, status: HTTPResponse.Status = .ok) throws -> Response {
        var values = baseContext(request, titleKey: titleKey, csrf: current.session.csrfToken, customer: current.customer)
        values["errors"] = errors
        values["show_form"] = showForm
        values["withdrawing"] = withdrawing
        return try page(template, values, status: status)
    }
}
