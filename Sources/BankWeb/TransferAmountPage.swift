import BankCore
import BankServices
import BankStore
import Hummingbird

/// 金額入力: the 支払口座, the destination as the bank knows it, and the 振込金額. 次へ checks
/// what can be checked before execution and leads to the 確認画面.
extension CustomerSite {
    func showTransferAmount(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let query = request.uri.queryParameters
        let field: (String) -> String = { name in query.get(name).map { String($0.prefix(64)) } ?? "" }
        let to = field("to")
        guard let sourceID = Self.positiveID(field("source")),
              let source = try? await bank.ownAccount(customerID: current.customer.id, accountID: sourceID),
              let choice = Self.destinationChoice(to: to, field: field) else {
            return try transferRestart(request, current, messageKey: "error.transfer.start_again", status: .badRequest)
        }
        let destination: TransferDestination
        do { destination = try await bank.resolveDestination(customerID: current.customer.id, choice) } catch let error as BankError {
            return try transferRestart(request, current, messageKey: error.messageKey, status: refusalStatus(error))
        }
        // The address the password went to: the one the setting names now.
        var mailedTo: String?
        if field("sent") == "1" {
            mailedTo = try await bank.mailPasswordSetting(customerID: current.customer.id).current?.address ?? ""
        }
        return try amountForm(request, current, source: source, destination: destination, to: to,
                              typed: to == "other" ? Self.typedDestination(field) : nil, mailedTo: mailedTo, amount: "", errors: [])
    }

    func submitTransferAmount(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard verifyForm(request, form: form, session: current.session) else { return try csrfRefusal(request, current) }
        let lang = language(request)
        let to = String(form.value("to").prefix(40))
        let typed = to == "other" ? Self.typedDestination(form.value) : nil
        guard let sourceID = Self.positiveID(form["source"]),
              let choice = Self.destinationChoice(to: to, field: { typed?[$0] ?? "" }) else {
            return try transferRestart(request, current, messageKey: "error.transfer.start_again", status: .badRequest)
        }
        let amount = String(form.value("amount").prefix(40))
        do {
            let confirmation = try await bank.prepareTransfer(customerID: current.customer.id, sessionCookie: current.cookieValue,
                                                              sourceAccountID: sourceID, choice: choice, amount: amount)
            return HTTPResponses.redirect(to: "/transfer/confirm?nonce=\(confirmation.nonce)")
        } catch let error as BankError {
            // Shown again with the message, when source and destination still stand.
            guard let source = try? await bank.ownAccount(customerID: current.customer.id, accountID: sourceID),
                  let destination = try? await bank.resolveDestination(customerID: current.customer.id, choice) else {
                return try transferRestart(request, current, messageKey: error.messageKey, status: refusalStatus(error))
            }
            return try amountForm(request, current, source: source, destination: destination, to: to, typed: typed, mailedTo: nil,
                                  amount: amount, errors: transferMessages(error, lang), status: refusalStatus(error))
        }
    }

    /// The 金額入力 screen. `typed` carries a hand-typed destination forward; `mailedTo` is the
    /// address a メール通知パスワード was just sent to.
    func amountForm(_ request: Request, _ current: CustomerSession, source: AccountRecord, destination: TransferDestination,
                    to: String, typed: [String: String]?, mailedTo: String?, amount: String, errors: [String],
                    status: HTTPResponse.Status = .ok) throws -> Response {
        let lang = language(request)
        var values = baseContext(request, titleKey: "transfer_amount_title", csrf: current.session.csrfToken, customer: current.customer)
        values["source"] = sourceRow(source, lang)
        values["destination"] = destinationRow(destination, lang)
        values["to"] = to
        if let typed {
            values["hidden_fields"] = Self.destinationFields.map { ["name": $0, "value": typed[$0] ?? ""] }
        }
        if let mailedTo { values["mail_sent"] = lang.text("transfer_mail_password_sent", mailedTo) }
        values["amount_value"] = amount
        values["errors"] = errors
        return try page("transfer_amount", values, status: status)
    }
}
