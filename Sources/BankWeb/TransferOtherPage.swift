import BankCore
import BankServices
import BankStore
import Hummingbird

/// 他口座への振込・振替: a destination typed by hand. 次へ checks it against the bank/branch
/// master (and, in this bank, the ledger), mails the メール通知パスワード when it is on, and
/// shows the 金額入力 screen at once: the typed destination travels on in hidden fields.
extension CustomerSite {
    func showTransferOther(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        let sourceID = Self.positiveID(request.uri.queryParameters.get("source").map { String($0) })
        guard let sourceID, let source = try? await bank.ownAccount(customerID: current.customer.id, accountID: sourceID) else {
            return try transferRestart(request, current, messageKey: "error.account_not_found", status: .notFound)
        }
        return try await transferOtherForm(request, current, source: source, typed: [:], errors: [], fieldErrors: [:])
    }

    func submitTransferOther(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let gate = try await requireCustomer(request, context)
        guard case .active(let current) = gate else { return gate.refusal }
        guard verifyForm(request, form: form, session: current.session) else { return try csrfRefusal(request, current) }
        guard let sourceID = Self.positiveID(form["source"]),
              let source = try? await bank.ownAccount(customerID: current.customer.id, accountID: sourceID) else {
            return try transferRestart(request, current, messageKey: "error.account_not_found", status: .notFound)
        }
        let lang = language(request)
        let typed = Self.typedDestination(form.value)
        let choice = DestinationChoice.other(bankCode: typed["bank_code"] ?? "", branchCode: typed["branch_code"] ?? "",
                                             accountType: typed["account_type"] ?? "", accountNumber: typed["account_number"] ?? "",
                                             holderName: typed["holder_name"] ?? "")
        do {
            let selection = try await bank.selectDestination(customerID: current.customer.id, sessionCookie: current.cookieValue,
                                                             choice, client: client(request, context))
            return try amountForm(request, current, source: source, destination: selection.destination, to: "other",
                                  typed: typed, mailedTo: selection.mailPasswordSent ? selection.mailPasswordAddress ?? "" : nil,
                                  amount: "", errors: [])
        } catch let error as BankError {
            return try await transferOtherForm(request, current, source: source, typed: typed, errors: transferMessages(error, lang),
                                               fieldErrors: fieldMessages(error, lang), status: refusalStatus(error))
        }
    }

    func transferOtherForm(_ request: Request, _ current: CustomerSession, source: AccountRecord, typed: [String: String],
                           errors: [String], fieldErrors: [String: String], status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = language(request)
        let choices = try await bank.transferChoices(customerID: current.customer.id)
        var values = baseContext(request, titleKey: "transfer_other_title", csrf: current.session.csrfToken, customer: current.customer)
        values["source"] = sourceRow(source, lang)
        values["typed"] = typed
        values["account_types"] = accountTypeOptions(selected: typed["account_type"] ?? "", lang)
        values["field_errors"] = fieldErrors
        values["errors"] = errors
        values["mail_password_on"] = choices.mailPasswordOn && !choices.mailPasswordLocked
        values["mail_password_locked"] = choices.mailPasswordOn && choices.mailPasswordLocked
        values["bank_code_hint"] = lang.text("transfer_bank_code_hint", bank.settings.bankCode)
        return try page("transfer_other", values, status: status)
    }

    /// The transfer cannot go on from here: say why and offer to start again.
    func transferRestart(_ request: Request, _ current: CustomerSession, messageKey: String,
                         status: HTTPResponse.Status) throws -> Response {
        try errorPage(request, messageKey: messageKey, status: status, csrf: current.session.csrfToken, customer: current.customer,
                      restart: ("/transfer", "transfer_restart"))
    }
}
