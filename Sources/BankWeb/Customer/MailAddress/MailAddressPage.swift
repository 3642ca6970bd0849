import BankCore
import BankServices
import Hummingbird

/// メールアドレス変更: 変更するアドレス, 新しいメールアドレス twice, 確認用パスワード (and ワンタイム
/// パスワード while the OTP is active), 確認メールを送信する. Nothing changes until the link in
/// the mail to the new address is confirmed.
extension CustomerSite {
    func showMailAddress(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        return try await mailAddressForm(request, current, kind: nil, newAddress: "", errors: [], fieldErrors: [:])
    }

    func submitMailAddress(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let lang = language(request)
        let field = MailAddressChangeService.Field.self
        let kind = form.value(field.kind), newAddress = String(form.value(field.new).prefix(254))
        do {
            _ = try await bank.mailAddresses.request(
                by: current.actor, kind: kind, newAddress: newAddress, newAddressAgain: String(form.value(field.newAgain).prefix(254)),
                confirmationPassword: String(form.value(field.confirmationPassword).prefix(128)),
                code: String(form.value(field.code).prefix(16)), session: current.session.factorsPresented,
                client: client(request, context))
            return HTTPResponses.redirect(to: CustomerRoute.mailAddressSent)
        } catch let error as BankError {
            let status = ErrorPresenter.status(of: error)
            return try await mailAddressForm(request, current, kind: kind, newAddress: newAddress, errors: messages(error, lang),
                                             fieldErrors: error.fieldMessages(lang), locked: status == .forbidden, status: status)
        }
    }

    private func mailAddressForm(_ request: Request, _ current: CustomerSession, kind: String?, newAddress: String,
                                 errors: [String], fieldErrors: [String: String], locked: Bool = false,
                                 status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = language(request)
        let view = try await bank.mailAddresses.overview(by: current.actor)
        // Where the メール通知パスワード goes: changing that address moves it (the form says so first).
        let mailPasswordNote = if view.mailPasswordAddress == nil {
            lang.text("mail_address.mail_password_off")
        } else if view.mailPasswordAddress == view.pcAddress {
            lang.text("mail_address.mail_password_pc")
        } else {
            lang.text("mail_address.mail_password_mobile")
        }
        let pendingText = view.pending.map { pending in
            lang.text("mail_address.pending", Self.mailAddressKindName(pending.kind, lang), pending.newAddress,
                      formatDateTime(pending.expiresAt, lang))
        }
        let chosen = kind ?? MailAddressKind.pc.rawValue
        let model = MailAddressPageModel(
            pcAddress: view.pcAddress, mobileAddress: view.mobileAddress, mailPasswordNote: mailPasswordNote,
            pendingText: pendingText,
            kinds: MailAddressKind.allCases.map { kind in
                RadioOption(value: kind.rawValue, radioID: "kind_\(kind.rawValue)", label: Self.mailAddressKindName(kind, lang),
                            checked: kind.rawValue == chosen)
            },
            newAddressValue: newAddress, needsCode: view.needsCode, showForm: !locked, fieldErrors: fieldErrors)
        return try page("mail_address", model,
                        chrome(request, titleKey: "mail_address.title", csrf: current.session.csrfToken, customer: current.customer,
                               errors: errors), status: status)
    }

    /// PCメールアドレス / 携帯メールアドレス (the labels of the form and of the result screens).
    static func mailAddressKindName(_ kind: MailAddressKind, _ lang: Language) -> String {
        lang.text(kind == .pc ? "mail_address.pc_label" : "mail_address.mobile_label")
    }
}

extension CustomerSite {
    /// The templates of メールアドレス変更, for the renderer's list of screens.
    static let mailAddressScreenNames = ["mail_address", "mail_address_sent", "mail_address_confirm", "mail_address_confirmed",
                                         "mail_address_link_refused"]
}
