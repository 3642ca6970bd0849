import BankCore
import BankServices
import BankStore
import Hummingbird

/// 振込・振替: the 支払口座 and the destination, one of the customer's own accounts (振替), a
/// payee of 振込・振替先一覧(利用者登録), a 届出済み振込先, or the button 他口座への振込・振替.
extension CustomerSite {
    func showTransfer(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let source = Self.positiveID(request.uri.queryParameters.get("source").map { String($0) })
        return try await transferForm(request, current, source: source, destination: nil, errors: [:])
    }

    func submitTransferSelect(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard verifyForm(request, form: form, session: current.session) else { return try csrfRefusal(request, current) }
        let lang = language(request)
        let choices = try await bank.transferChoices(customerID: current.customer.id)
        let destinationValue = String(form.value("destination").prefix(40))
        guard let source = Self.positiveID(form["source"]), choices.accounts.contains(where: { $0.id == source }) else {
            return try await transferForm(request, current, source: nil, destination: destinationValue,
                                          errors: ["source": lang.text("error.transfer.source_required")], status: .badRequest)
        }
        if form.value("action") == "other" {
            return HTTPResponses.redirect(to: "/transfer/other?source=\(source)")
        }
        guard let choice = Self.destinationChoice(to: destinationValue, field: { _ in "" }), destinationValue != "other" else {
            return try await transferForm(request, current, source: source, destination: nil,
                                          errors: ["destination": lang.text("error.transfer.destination_required")],
                                          status: .badRequest)
        }
        if case .own(let accountID) = choice, accountID == source {
            return try await transferForm(request, current, source: source, destination: destinationValue,
                                          errors: ["destination": lang.text("error.transfer.same_account")], status: .badRequest)
        }
        do {
            // A 利用者登録 payee mails the メール通知パスワード now (when it is on); the others resolve only.
            let selection = try await bank.selectDestination(customerID: current.customer.id, sessionCookie: current.cookieValue,
                                                             choice, client: client(request, context))
            // Redirect (PRG): reloading the 金額入力 screen must not mail another password.
            let sent = selection.mailPasswordSent ? "&sent=1" : ""
            return HTTPResponses.redirect(to: "/transfer/amount?source=\(source)&to=\(destinationValue)\(sent)")
        } catch let error as BankError {
            return try await transferForm(request, current, source: source, destination: destinationValue,
                                          errors: ["destination": transferMessages(error, lang).joined(separator: " ")],
                                          status: refusalStatus(error))
        }
    }

    func transferForm(_ request: Request, _ current: CustomerSession, source: Int64?, destination: String?,
                      errors: [String: String], status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = language(request)
        let choices = try await bank.transferChoices(customerID: current.customer.id)
        var values = baseContext(request, titleKey: "transfer_title", csrf: current.session.csrfToken, customer: current.customer)
        values["accounts"] = choices.accounts.map { sourceRow($0, lang, selected: $0.id == source) }
        values["has_accounts"] = !choices.accounts.isEmpty
        func radio(_ value: String, _ row: [String: Any]) -> [String: Any] {
            var row = row
            row["value"] = value
            row["radio_id"] = "dest-" + value.replacingOccurrences(of: ":", with: "-")
            row["checked"] = value == destination
            return row
        }
        values["own_accounts"] = choices.accounts.map { radio("own:\($0.id)", sourceRow($0, lang)) }
        values["customer_payees"] = choices.payees.customerRegistered.map { radio("customer:\($0.record.id)", payeeRow($0, lang)) }
        values["bank_payees"] = choices.payees.bankRegistered.map { radio("bank:\($0.record.id)", payeeRow($0, lang)) }
        values["has_customer_payees"] = !choices.payees.customerRegistered.isEmpty
        values["has_bank_payees"] = !choices.payees.bankRegistered.isEmpty
        values["daily_limit"] = choices.dailyLimit.formatted
        values["remaining_today"] = choices.remainingToday.formatted
        values["mail_password_on"] = choices.mailPasswordOn && !choices.mailPasswordLocked
        values["mail_password_locked"] = choices.mailPasswordOn && choices.mailPasswordLocked
        values["field_errors"] = errors
        values["errors"] = Self.destinationFieldOrder(errors)
        return try page("transfer", values, status: status)
    }

    /// The list above the form, in the order the fields appear.
    static func destinationFieldOrder(_ errors: [String: String]) -> [String] {
        ["source", "destination"].compactMap { errors[$0] }
    }

    /// How a refusal answers: locked credentials are forbidden, unknown things not found,
    /// everything else is input to correct.
    func refusalStatus(_ error: BankError) -> HTTPResponse.Status {
        switch error {
        case .credentialLocked, .mailPasswordRefused(.locked): .forbidden
        case .tooManyNameLookups: .tooManyRequests
        case .payeeNotFound, .notYourAccount, .accountNotFound, .transferNotFound: .notFound
        default: .badRequest
        }
    }
}
