import BankCore
import BankServices
import Hummingbird

/// 金額入力: the 支払口座, the destination as the bank knows it, and the 振込金額. 次へ checks
/// what can be checked before execution and leads to the 確認画面.
extension CustomerSite {
    func showTransferAmount(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let query = request.uri.queryParameters
        let field: (String) -> String = { name in query.get(name).map { String($0.prefix(64)) } ?? "" }
        let to = field("to")
        guard let sourceID = Self.positiveID(field("source")),
              let source = try? await bank.transfers.ownAccount(by: current.actor, accountID: sourceID),
              let choice = Self.destinationChoice(to: to, field: field) else {
            return try transferRestart(request, current, messageKey: "error.transfer.start_again", status: .badRequest)
        }
        let destination: TransferDestination
        do { destination = try await bank.transfers.resolveDestination(by: current.actor, choice) } catch let error as BankError {
            return try transferRestart(request, current, messageKey: error.messageKey, status: ErrorPresenter.status(of: error))
        }
        // The address the password went to: the one the setting names now.
        var mailedTo: String?
        if field("sent") == "1" {
            mailedTo = try await bank.mailPassword.setting(by: current.actor).current?.address ?? ""
        }
        return try amountForm(request, current, source: source, destination: destination, to: to,
                              typed: to == "other" ? DestinationForm(field) : nil, mailedTo: mailedTo, amount: "", errors: [])
    }

    func submitTransferAmount(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let lang = language(request)
        let to = String(form.value("to").prefix(40))
        let typed = to == "other" ? DestinationForm(form.value) : nil
        guard let sourceID = Self.positiveID(form["source"]),
              let choice = Self.destinationChoice(to: to, field: { typed?.value($0) ?? "" }) else {
            return try transferRestart(request, current, messageKey: "error.transfer.start_again", status: .badRequest)
        }
        let amount = String(form.value("amount").prefix(40))
        let schedule = Self.scheduleChoice(form)
        do {
            let confirmation = try await bank.transfers.prepare(by: current.actor, sessionCookie: current.cookieValue,
                                                              sourceAccountID: sourceID, choice: choice, amount: amount,
                                                              scheduledFor: schedule.serviceValue)
            return HTTPResponses.redirect(to: CustomerRoute.transferConfirm, query: ["nonce": confirmation.nonce])
        } catch let error as BankError {
            // Shown again with the message, when source and destination still stand.
            guard let source = try? await bank.transfers.ownAccount(by: current.actor, accountID: sourceID),
                  let destination = try? await bank.transfers.resolveDestination(by: current.actor, choice) else {
                return try transferRestart(request, current, messageKey: error.messageKey, status: ErrorPresenter.status(of: error))
            }
            return try amountForm(request, current, source: source, destination: destination, to: to, typed: typed, mailedTo: nil,
                                  amount: amount, schedule: schedule,
                                  scheduleError: { if case .scheduleRefused = error { transferMessages(error, lang).first } else { nil } }(),
                                  errors: transferMessages(error, lang),
                                  status: ErrorPresenter.status(of: error))
        }
    }

    /// The 金額入力 screen. `typed` carries a hand-typed destination forward; `mailedTo` is the
    /// address a メール通知パスワード was just sent to.
    func amountForm(_ request: Request, _ current: CustomerSession, source: AccountView, destination: TransferDestination,
                    to: String, typed: DestinationForm?, mailedTo: String?, amount: String,
                    schedule: ScheduleChoice = ScheduleChoice(later: false, day: ""), scheduleError: String? = nil, errors: [String],
                    status: HTTPResponse.Status = .ok) throws -> Response {
        let lang = language(request)
        let model = TransferAmountPageModel(
            source: AccountRow(source, lang), destination: DestinationRow(destination, lang), to: to,
            hiddenFields: typed?.fields.map { .init(name: $0.name, value: $0.value) },
            mailSent: mailedTo.map { lang.text("transfer.mail_password_sent", $0) }, amountValue: amount,
            schedule: scheduleField(schedule, lang, error: scheduleError),
            restartPath: CustomerRoute.transfer.path(query: ["source": String(source.id)]))
        return try page("transfer_amount", model,
                        chrome(request, titleKey: "transfer_amount.title", csrf: current.session.csrfToken, customer: current.customer,
                               errors: errors), status: status)
    }
}
