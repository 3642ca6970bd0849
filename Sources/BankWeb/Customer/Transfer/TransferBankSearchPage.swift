import BankCore
import BankServices
import Hummingbird

/// 金融機関の検索 (他口座への振込・振替): find the bank by name or kana (partial), by 50音 row and
/// initial, or by code, with the major banks first. A read, so links and a GET form; what
/// the customer typed on the transfer form travels in the query and comes back with the
/// chosen codes.
extension CustomerSite {
    func showTransferBankSearch(_ request: Request, _ context: BankRequestContext) async throws -> Response {
        let current = try context.requireCustomer()
        let lang = language(request)
        // Read as a form (`+` is a space): the search box's GET form sends the typed name so.
        let query = FormBody(urlEncoded: request.uri.query ?? "")
        func value(_ name: String) -> String? { query[name].map { String($0.prefix(200)) } }
        guard let state = DestinationSearchState(query: value),
              (try? await bank.transfers.ownAccount(by: current.actor, accountID: state.source)) != nil else {
            return try transferRestart(request, current, messageKey: "error.account_not_found", status: .notFound)
        }
        let text = value("q") ?? ""
        var fieldErrors: [String: String] = [:]
        var errors: [String] = []
        var status = HTTPResponse.Status.ok
        var result: DirectorySearchResult<BankChoice>?
        do {
            result = try await bank.directory.searchBanks(by: current.actor, text: text, row: value("row"), initial: value("kana"))
        } catch let error as BankError {
            errors = messages(error, lang)
            fieldErrors = error.fieldMessages(lang)
            status = ErrorPresenter.status(of: error)
        }
        let searchQuery = result?.query ?? .none
        func entry(_ bank: BankChoice, prefix: String) -> DirectorySearchPanel.Entry {
            DirectorySearchPanel.Entry(name: bank.name, kana: KanaName.fullwidthDisplay(bank.nameKana), code: bank.code,
                                       path: state.choosingBank(bank.code).path(.transferBranchSearch), id: "\(prefix)-\(bank.code)")
        }
        let major = searchQuery == .none ? try await bank.directory.majorBanks(by: current.actor).map { entry($0, prefix: "major-bank") } : []
        let index = DirectorySearchPanel.index(searchQuery, state: state, route: .transferBankSearch, extra: [])
        let found = result?.entries ?? []
        let panel = DirectorySearchPanel(
            action: CustomerRoute.transferBankSearch.path, hiddenFields: state.hiddenFields, text: text,
            textLabel: lang.text("transfer_bank_search.text_label"), textHint: lang.text("transfer_bank_search.text_hint"),
            rows: index.rows, syllables: index.syllables, hasSyllables: !index.syllables.isEmpty, fieldErrors: fieldErrors,
            heading: DirectorySearchPanel.heading(searchQuery, text: text, lang, branches: false),
            entries: found.map { entry($0, prefix: "bank") }, empty: searchQuery != .none && found.isEmpty,
            truncated: result?.truncated == true
                ? lang.text("directory_search.truncated", with: ["count": String(DirectoryService.searchLimit)]) : nil)
        let model = TransferBankSearchPageModel(majorBanks: major, hasMajorBanks: !major.isEmpty, panel: panel,
                                                backPath: state.path(.transferOther))
        return try page("transfer_bank_search", model,
                        chrome(request, titleKey: "transfer_bank_search.title", csrf: current.session.csrfToken,
                               customer: current.customer, errors: errors), status: status)
    }
}
