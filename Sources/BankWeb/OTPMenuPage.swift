import BankCore
import BankServices
import Hummingbird

/// ワンタイムパスワード申請登録画面: the current state and the buttons that apply to it.
extension CustomerSite {
    func otpMenu(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let lang = language(request)
        let overview = try await bank.factorOverview(customerID: current.customer.id)
        var values = baseContext(request, titleKey: "otp_menu_title", csrf: current.session.csrfToken, customer: current.customer)
        switch overview.state {
        case .none:
            values["state_text"] = lang.text("otp_state.none")
            values["can_issue"] = true
        case .otpPending(let status):
            values["can_issue"] = true
            values["can_withdraw"] = true
            if status == .provisioned {
                values["state_text"] = lang.text("otp_state.provisioned")
                values["can_activate"] = true
            } else {
                values["state_text"] = lang.text("otp_state.issued", overview.token.map { formatDateTime($0.setupExpiresAt, lang) } ?? "")
            }
        case .otpActive:
            values["state_text"] = lang.text("otp_state.active", overview.token?.activatedAt.map { formatDateTime($0, lang) } ?? "")
            values["can_deactivate"] = true
        case .mailPassword:
            values["state_text"] = lang.text("otp_state.mail_password")
            values["mail_password_on"] = true
        }
        if overview.otpLocked { values["locked_text"] = lang.text("otp_state.locked") }
        return try page("otp_menu", values)
    }

    /// The customer-facing messages of a refusal: one per field for bad input.
    func messages(_ error: BankError, _ lang: Language) -> [String] {
        if case .invalidInput(let fields) = error { return fields.map { lang.text($0.messageKey) } }
        return [lang.text(error.messageKey)]
    }
}
