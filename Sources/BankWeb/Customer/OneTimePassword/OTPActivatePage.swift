import BankCore
import BankServices
import Hummingbird

/// ワンタイムパスワード利用開始画面 and 利用開始結果確認: the code the token app shows puts the
/// provisioned token in use.
extension CustomerSite {
    func showActivate(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let overview = try await bank.otp.factorOverview(by: current.actor)
        var refusal: [String] = []
        do { try ExtraFactorRules.checkActivate(overview.state) } catch { refusal = [language(request).text(error.messageKey)] }
        return try factorForm("otp_activate", titleKey: "otp_activate.title", request, current, errors: refusal, showForm: refusal.isEmpty)
    }

    func submitActivate(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let lang = language(request)
        let code = form.value("otp")
        if code.trimmingCharacters(in: .whitespaces).isEmpty {
            return try factorForm("otp_activate", titleKey: "otp_activate.title", request, current,
                                  errors: [lang.text("error.otp.required")], showForm: true, status: .badRequest)
        }
        do {
            try await bank.otp.activateToken(by: current.actor, code: String(code.prefix(32)),
                                         sessionCookie: current.cookieValue, client: client(request, context))
            return HTTPResponses.redirect(to: CustomerRoute.otpActivateDone)
        } catch let error as BankError {
            let showForm: Bool = switch error {
            case .wrongOTP, .otpAlreadyUsed: true
            default: false
            }
            return try factorForm("otp_activate", titleKey: "otp_activate.title", request, current,
                                  errors: messages(error, lang), showForm: showForm, status: .badRequest)
        }
    }

    func activated(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        guard try await bank.otp.factorOverview(by: current.actor).state == .otpActive else {
            return HTTPResponses.redirect(to: CustomerRoute.otpMenu)
        }
        return try factorForm("otp_activated", titleKey: "otp_activated.title", request, current, errors: [], showForm: false)
    }
}
