import BankCore
import BankServices
import Hummingbird

/// 振込・振替: the 支払口座 and the destination, one of the customer's own accounts (振替), a
/// payee of 振込・振替先一覧(利用者登録), a 届出済み振込先, or the button 他口座への振込・振替.
extension CustomerSite {
    func showTransfer(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let source = Self.positiveID(request.uri.queryParameters.get("source").map { String($0) })
        return try await transferForm(request, current, source: source, destination: nil, errors: [:])
    }

    func submitTransferSelect(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        let lang = language(request)
        let choices = try await bank.transfers.choices(by: current.actor)
        let destinationValue = String(form.value("destination").prefix(40))
        guard let source = Self.positiveID(form["source"]), choices.accounts.contains(where: { $0.id == source }) else {
            return try await transferForm(request, current, source: nil, destination: destinationValue,
                                          errors: ["source": lang.text("error.transfer.source_required")], status: .badRequest)
        }
        if form.value("action") == "other" {
            return HTTPResponses.redirect(to: CustomerRoute.transferOther, query: ["source": String(source)])
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
            let selection = try await bank.transfers.selectDestination(by: current.actor, sessionCookie: current.cookieValue,
                                                             choice, client: client(request, context))
            // Redirect (PRG): reloading the 金額入力 screen must not mail another password.
            let amount = CustomerRoute.transferAmount.path(query: ["source": String(source), "to": destinationValue])
            return HTTPResponses.redirect(to: amount + (selection.mailPasswordSent ? "&sent=1" : ""))
        } catch let error as BankError {
            return try await transferForm(request, current, source: source, destination: destinationValue,
                                          errors: ["destination": transferMessages(error, lang).joined(separator: " ")],
                                          status: ErrorPresenter.status(of: error))
        }
    }

    func transferForm(_ request: Request, _ current: CustomerSession, source: Int64?, destination: String?,
                      errors: [String: String], status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = language(request)
        let choices = try await bank.transfers.choices(by: current.actor)
        func radio(_ value: String, label: String) -> RadioOption {
            RadioOption(value: value, radioID: "dest-" + value.replacingOccurrences(of: ":", with: "-"), label: label,
                        checked: value == destination)
        }
        let model = TransferPageModel(
            accounts: choices.accounts.map { .init(account: AccountRow($0, lang), selected: $0.id == source) },
            hasAccounts: !choices.accounts.isEmpty,
            ownAccounts: choices.accounts.map { radio("own:\($0.id)", label: AccountRow($0, lang).label) },
            customerPayees: choices.payees.customerRegistered.map { radio("customer:\($0.record.id)", label: DestinationRow($0, lang).label) },
            bankPayees: choices.payees.bankRegistered.map { radio("bank:\($0.record.id)", label: DestinationRow($0, lang).label) },
            hasCustomerPayees: !choices.payees.customerRegistered.isEmpty, hasBankPayees: !choices.payees.bankRegistered.isEmpty,
            dailyLimit: choices.dailyLimit.formatted, remainingToday: choices.remainingToday.formatted,
            mailPasswordOn: choices.mailPasswordOn && !choices.mailPasswordLocked,
            mailPasswordLocked: choices.mailPasswordOn && choices.mailPasswordLocked, fieldErrors: errors)
        return try page("transfer", model,
                        chrome(request, titleKey: "transfer.title", csrf: current.session.csrfToken, customer: current.customer,
                               errors: Self.destinationFieldOrder(errors)), status: status)
    }

    /// The list above the form, in the order the fields appear.
    static func destinationFieldOrder(_ errors: [String: String]) -> [String] {
        ["source", "destination"].compactMap { errors[$0] }
    }
}
