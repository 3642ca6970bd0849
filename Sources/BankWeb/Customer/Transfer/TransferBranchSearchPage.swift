import BankCore
import BankServices
import Hummingbird

/// 支店の検索 (他口座への振込・振替): the branches of the bank chosen (`bank_code`) by name or
/// kana, 50音 row and initial, or code. Choosing one returns to the transfer form with both
/// codes filled in and the other fields as the customer left them.
extension CustomerSite {
    func showTransferBranchSearch(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        // Read as a form (`+` is a space): the search box's GET form sends the typed name so.
        let query = FormBody(urlEncoded: request.uri.query ?? "")
        func value(_ name: String) -> String? { query[name].map { String($0.prefix(200)) } }
        guard let state = DestinationSearchState(query: value),
              let source = try? await bank.transfers.ownAccount(by: current.actor, accountID: state.source) else {
            return try transferRestart(request, current, messageKey: "error.account_not_found", status: .notFound)
        }
        let chosenBank: BankChoice
        do { chosenBank = try await bank.directory.bank(by: current.actor, code: state.typed.bankCode) } catch let error as BankError {
            // No such bank: the transfer form, the message under 金融機関コード.
            return try await transferOtherForm(request, current, source: source, typed: state.typed, errors: messages(error, lang),
                                               fieldErrors: error.fieldMessages(lang), status: ErrorPresenter.status(of: error))
        }
        let text = value("q") ?? ""
        var fieldErrors: [String: String] = [:]
        var errors: [String] = []
        var status = HTTPResponse.Status.ok
        var result = DirectorySearchResult<BranchChoice>(query: .none, entries: [], truncated: false)
        do {
            result = try await bank.directory.searchBranches(by: current.actor, bankCode: chosenBank.code, text: text,
                                                             row: value("row"), initial: value("kana")).result
        } catch let error as BankError {
            errors = messages(error, lang)
            fieldErrors = error.fieldMessages(lang)
            status = ErrorPresenter.status(of: error)
        }
        let found = (bank: chosenBank, result: result)
        let chosen = state.choosingBank(found.bank.code)
        let searchQuery = found.result.query
        let index = DirectorySearchPanel.index(searchQuery, state: chosen, route: .transferBranchSearch, extra: [])
        var heading = DirectorySearchPanel.heading(searchQuery, text: text, lang, branches: true)
        if searchQuery == .none && !found.result.entries.isEmpty {
            heading = lang.text("directory_search.branch_all", with: ["bank": found.bank.name])
        }
        let entries = found.result.entries.map { branch in
            var picked = chosen
            picked.typed.branchCode = branch.code
            return DirectorySearchPanel.Entry(name: branch.name, kana: KanaName.fullwidthDisplay(branch.nameKana), code: branch.code,
                                              path: picked.path(CustomerRoute.transferOther), id: "branch-\(branch.code)")
        }
        let truncatedKey = searchQuery == .none ? "directory_search.branch_too_many" : "directory_search.truncated"
        let panel = DirectorySearchPanel(
            action: CustomerRoute.transferBranchSearch.path, hiddenFields: chosen.hiddenFields, text: text,
            textLabel: lang.text("transfer_branch_search.text_label"), textHint: lang.text("transfer_branch_search.text_hint"),
            rows: index.rows, syllables: index.syllables, hasSyllables: !index.syllables.isEmpty, fieldErrors: fieldErrors,
            heading: heading, entries: entries, empty: searchQuery != .none && entries.isEmpty,
            truncated: found.result.truncated ? lang.text(truncatedKey, with: ["count": String(DirectoryService.searchLimit)]) : nil)
        let model = TransferBranchSearchPageModel(
            bankName: found.bank.name, bankCode: found.bank.code, panel: panel,
            changeBankPath: state.path(.transferBankSearch, [("bank_code", ""), ("branch_code", "")]),
            backPath: chosen.path(.transferOther))
        return try page("transfer_branch_search", model,
                        chrome(request, titleKey: "transfer_branch_search.title", csrf: current.session.csrfToken,
                               customer: current.customer, errors: errors), status: status)
    }
}
