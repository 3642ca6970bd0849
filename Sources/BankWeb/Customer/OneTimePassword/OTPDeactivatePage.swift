import BankCore
import BankServices
import Hummingbird

/// ワンタイムパスワード利用解除画面 and 利用解除結果確認: with the 確認用パスワード, the token in
/// use ends (or a token issued but never used is withdrawn).
extension CustomerSite {
    func showDeactivate(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let overview = try await bank.otp.factorOverview(by: current.actor)
        var refusal: [String] = []
        do { try ExtraFactorRules.checkDeactivate(overview.state, presented: current.session.factorsPresented) } catch {
            refusal = [language(request).text(error.messageKey)]
        }
        return try factorForm("otp_deactivate", titleKey: "otp_deactivate.title", request, current, errors: refusal,
                              showForm: refusal.isEmpty, withdrawing: overview.state != .otpActive)
    }

    func submitDeactivate(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        do {
            try await bank.otp.deactivateToken(by: current.actor, confirmationPassword: form.value("confirmation_password"),
                                           session: current.session.factorsPresented, client: client(request, context))
            return HTTPResponses.redirect(to: CustomerRoute.otpDeactivateDone)
        } catch let error as BankError {
            let showForm: Bool = switch error {
            case .wrongConfirmationPassword, .invalidInput: true
            default: false
            }
            return try factorForm("otp_deactivate", titleKey: "otp_deactivate.title", request, current,
                                  errors: messages(error, language(request)), showForm: showForm, status: .badRequest)
        }
    }

    func deactivated(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        guard try await bank.otp.factorOverview(by: current.actor).state == .none else {
            return HTTPResponses.redirect(to: CustomerRoute.otpMenu)
        }
        return try factorForm("otp_deactivated", titleKey: "otp_deactivated.title", request, current, errors: [], showForm: false)
    }
}
