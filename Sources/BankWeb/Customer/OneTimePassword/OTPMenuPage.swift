import BankCore
import BankServices
import Hummingbird

/// ワンタイムパスワード申請登録画面: the current state and the buttons that apply to it.
extension CustomerSite {
    func otpMenu(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let overview = try await bank.otp.factorOverview(by: current.actor)
        var model = OTPMenuPageModel()
        switch overview.state {
        case .none:
            model.stateText = lang.text("otp_state.none")
            model.canIssue = true
        case .otpPending(let status):
            model.canIssue = true
            model.canWithdraw = true
            if status == .provisioned {
                // An authenticator app's token is set up at トークン発行, not by the token app.
                let byAuthenticator = overview.token?.kind == .authenticator
                model.stateText = lang.text(byAuthenticator ? "otp_state.provisioned_authenticator" : "otp_state.provisioned")
                model.canActivate = true
            } else {
                model.stateText = lang.text("otp_state.issued", overview.token.map { formatDateTime($0.setupExpiresAt, lang) } ?? "")
            }
        case .otpActive:
            model.stateText = lang.text("otp_state.active", overview.token?.activatedAt.map { formatDateTime($0, lang) } ?? "")
            model.canDeactivate = true
        case .mailPassword:
            model.stateText = lang.text("otp_state.mail_password")
        }
        if overview.otpLocked { model.lockedText = lang.text("otp_state.locked") }
        return try page("otp_menu", model,
                        chrome(request, titleKey: "otp_menu.title", csrf: current.session.csrfToken, customer: current.customer))
    }
}
