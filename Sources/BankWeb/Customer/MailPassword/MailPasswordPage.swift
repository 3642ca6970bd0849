import BankCore
import BankServices
import Hummingbird

/// メール通知パスワード利用変更: a registered address, 利用する or 利用しない, the 確認用パスワード, 次へ.
extension CustomerSite {
    func showMailPassword(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        return try await mailPasswordForm(request, current, address: nil, use: nil, errors: [], fieldErrors: [:])
    }

    func submitMailPassword(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
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
            _ = try await bank.mailPassword.changeSetting(
                by: current.actor, use: use, address: address,
                confirmationPassword: String(form.value("confirmation_password").prefix(128)),
                session: current.session.factorsPresented, client: client(request, context))
            return HTTPResponses.redirect(to: CustomerRoute.mailPasswordDone, query: ["use": use ? "on" : "off"])
        } catch let error as BankError {
            let status = ErrorPresenter.status(of: error)
            return try await mailPasswordForm(request, current, address: address, use: use, errors: messages(error, lang),
                                              fieldErrors: error.fieldMessages(lang), locked: status == .forbidden, status: status)
        }
    }

    func mailPasswordForm(_ request: Request, _ current: CustomerSession, address: String?, use: Bool?, errors: [String],
                          fieldErrors: [String: String], locked: Bool = false,
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = language(request)
        let view = try await bank.mailPassword.setting(by: current.actor)
        let stateText = if let setting = view.current {
            lang.text("mail_password_state.on", setting.address, formatDateTime(setting.enabledAt, lang))
        } else {
            lang.text("mail_password_state.off")
        }
        let chosen = address ?? view.current?.address ?? view.addresses.first
        let canEnable = view.enableRefusal == nil
        // What the form starts on: the choice just made, else the current state.
        let on = use ?? (view.current != nil)
        let model = MailPasswordPageModel(
            stateText: stateText, refusalText: view.enableRefusal.map { lang.text($0.messageKey) },
            addresses: view.addresses.enumerated().map { index, address in
                RadioOption(value: address, radioID: "address_\(index)", label: address, checked: address == chosen)
            },
            canEnable: canEnable, useOnChecked: canEnable && on, useOffChecked: !on || !canEnable,
            showForm: !locked && (canEnable || view.current != nil), fieldErrors: fieldErrors)
        return try page("mail_password", model,
                        chrome(request, titleKey: "mail_password.title", csrf: current.session.csrfToken, customer: current.customer,
                               errors: errors), status: status)
    }
}
