import BankCore
import BankServices
import Hummingbird

/// 他口座への振込・振替: a destination typed by hand. 次へ checks it against the bank/branch
/// master (and, in this bank, the ledger), mails the メール通知パスワード when it is on, and
/// shows the 金額入力 screen at once: the typed destination travels on in hidden fields.
extension CustomerSite {
    func showTransferOther(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let sourceID = Self.positiveID(request.uri.queryParameters.get("source").map { String($0) })
        guard let sourceID, let source = try? await bank.transfers.ownAccount(by: current.actor, accountID: sourceID) else {
            return try transferRestart(request, current, messageKey: "error.account_not_found", status: .notFound)
        }
        // Back from 金融機関・支店の検索: the codes chosen and the fields typed before, in the query.
        let typed = DestinationForm(FormBody(urlEncoded: request.uri.query ?? "").value)
        return try await transferOtherForm(request, current, source: source, typed: typed, errors: [], fieldErrors: [:])
    }

    func submitTransferOther(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let current = try context.requireCustomer()
        guard let sourceID = Self.positiveID(form["source"]),
              let source = try? await bank.transfers.ownAccount(by: current.actor, accountID: sourceID) else {
            return try transferRestart(request, current, messageKey: "error.account_not_found", status: .notFound)
        }
        let lang = language(request)
        let typed = DestinationForm(form.value)
        // 金融機関を検索 / 支店を検索: the picker, carrying what was typed (nothing is checked yet).
        let state = DestinationSearchState(source: source.id, typed: typed)
        switch form.value("search") {
        case "bank":
            return HTTPResponses.redirect(to: state.path(.transferBankSearch))
        case "branch":
            do {
                let chosen = try await bank.directory.bank(by: current.actor, code: typed.bankCode)
                return HTTPResponses.redirect(to: state.choosingBank(chosen.code).path(.transferBranchSearch))
            } catch let error as BankError {
                return try await transferOtherForm(request, current, source: source, typed: typed, errors: messages(error, lang),
                                                   fieldErrors: error.fieldMessages(lang), status: ErrorPresenter.status(of: error))
            }
        default:
            break
        }
        do {
            let selection = try await bank.transfers.selectDestination(by: current.actor, sessionCookie: current.cookieValue,
                                                             typed.choice, client: client(request, context))
            return try amountForm(request, current, source: source, destination: selection.destination, to: "other",
                                  typed: typed, mailedTo: selection.mailPasswordSent ? selection.mailPasswordAddress ?? "" : nil,
                                  amount: "", errors: [])
        } catch let error as BankError {
            return try await transferOtherForm(request, current, source: source, typed: typed, errors: transferMessages(error, lang),
                                               fieldErrors: error.fieldMessages(lang), status: ErrorPresenter.status(of: error))
        }
    }

    func transferOtherForm(_ request: Request, _ current: CustomerSession, source: AccountView, typed: DestinationForm,
                           errors: [String], fieldErrors: [String: String], status: HTTPResponse.Status = .ok) async throws -> Response {
        let lang = language(request)
        let choices = try await bank.transfers.choices(by: current.actor)
        let model = TransferOtherPageModel(
            source: AccountRow(source, lang), typed: typed, accountTypes: SelectOption.accountTypes(selected: typed.accountType, lang),
            fieldErrors: fieldErrors, mailPasswordOn: choices.mailPasswordOn && !choices.mailPasswordLocked,
            mailPasswordLocked: choices.mailPasswordOn && choices.mailPasswordLocked,
            bankCodeHint: lang.text("transfer.bank_code_hint", bank.settings.bankCode),
            chosen: try await chosenDestination(typed, lang),
            backPath: CustomerRoute.transfer.path(query: ["source": String(source.id)]))
        return try page("transfer_other", model,
                        chrome(request, titleKey: "transfer_other.title", csrf: current.session.csrfToken, customer: current.customer,
                               errors: errors), status: status)
    }

    /// 「架空サンプル銀行 駅前支店」: the names of the codes in the form, when both are in the
    /// master (as after 金融機関・支店の検索), so the customer sees what the codes stand for.
    private func chosenDestination(_ typed: DestinationForm, _ lang: Language) async throws -> String? {
        guard let bankCode = try? BankCode(validating: typed.bankCode), let branchCode = try? BranchCode(validating: typed.branchCode),
              let names = try await bank.directory.knownNames(bankCode: bankCode.value, branchCode: branchCode.value) else { return nil }
        return lang.text("transfer_other.chosen", with: ["bank": names.bankName, "branch": names.branchName])
    }

    /// The transfer cannot go on from here: say why and offer to start again.
    func transferRestart(_ request: Request, _ current: CustomerSession, messageKey: String,
                         status: HTTPResponse.Status) throws -> Response {
        try errorPage(request, messageKey: messageKey, status: status, csrf: current.session.csrfToken, customer: current.customer,
                      restart: (CustomerRoute.transfer.path, "transfer.restart"))
    }
}
