import BankCore
import BankServices
import Hummingbird

/// 通知設定: ログインのお知らせ 受け取る / 受け取らない, the 確認用パスワード, 変更する.
extension CustomerSite {
    func showNotificationSettings(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        return try await notificationSettingsForm(request, current, chosen: nil, errors: [], fieldErrors: [:])
    }

    func submitNotificationSettings(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let lang = language(request)
        let field = NoticeService.Field.self
        let chosen: Bool? = switch form.value(field.loginNotice) {
        case "on": true
        case "off": false
        default: nil
        }
        do {
            try await bank.notices.setLoginNotice(
                by: current.actor, enabled: chosen,
                confirmationPassword: String(form.value(field.confirmationPassword).prefix(128)),
                session: current.session.factorsPresented, client: client(request, context))
            return HTTPResponses.redirect(to: CustomerRoute.notificationSettingsDone, query: ["login_notice": chosen == true ? "on" : "off"])
        } catch let error as BankError {
            let status = ErrorPresenter.status(of: error)
            return try await notificationSettingsForm(request, current, chosen: chosen, errors: messages(error, lang),
                                                      fieldErrors: error.fieldMessages(lang), locked: status == .forbidden,
                                                      status: status)
        }
    }

    func notificationSettingsForm(_ request: Request, _ current: CustomerSession, chosen: Bool?, errors: [String],
                                  fieldErrors: [String: String], locked: Bool = false,
                                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = language(request)
        let view = try await bank.notices.settings(by: current.actor)
        // The form starts on the other choice (the one a change would make), else what was just chosen.
        let on = chosen ?? !view.loginNotice
        let model = NotificationSettingsPageModel(
            stateText: lang.text(view.loginNotice ? "notification_settings.state.on" : "notification_settings.state.off"),
            changedText: view.changedAt.map { lang.text("notification_settings.changed_at", formatDateTime($0, lang)) },
            addressText: lang.text("notification_settings.address", view.maskedPCEmail),
            onChecked: on, offChecked: !on, showForm: !locked, fieldErrors: fieldErrors,
            action: CustomerRoute.notificationSettings.path)
        return try page("notification_settings", model,
                        chrome(request, titleKey: "notification_settings.title", csrf: current.session.csrfToken,
                               customer: current.customer, errors: errors), status: status)
    }

    /// 通知設定結果: a redirect after the change, so a reload does not send the password again.
    func notificationSettingsChanged(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        let on = request.uri.queryParameters.get("login_notice") == "on"
        let model = NotificationSettingsDonePageModel(
            resultMessage: lang.text(on ? "notification_settings_done.on" : "notification_settings_done.off"),
            settingsPath: CustomerRoute.notificationSettings.path)
        return try page("notification_settings_done", model,
                        chrome(request, titleKey: "notification_settings_done.title", csrf: current.session.csrfToken,
                               customer: current.customer))
    }
}

extension CustomerSite {
    /// 通知設定's screens, for the renderer's list of every screen.
    static let notificationScreenNames = ["notification_settings", "notification_settings_done"]
}
