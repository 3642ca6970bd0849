import BankCore
import BankServices

/// The part the bank and branch pickers share (`directory_search` partial): the search box,
/// the 50音 index (rows, then the open row's syllables) and the list found, each entry a link.
struct DirectorySearchPanel {
    struct IndexLink {
        let label: String
        let path: String
        let current: Bool
        /// `kana-row-か`, `kana-か`: how the tests and assistive tools find a button.
        let id: String
    }

    struct Entry {
        let name: String
        let kana: String
        let code: String
        let path: String
        let id: String
    }

    let action: String
    let hiddenFields: [TransferAmountPageModel.HiddenField]
    /// The search box's value, as typed.
    let text: String
    let textLabel: String
    let textHint: String
    let rows: [IndexLink]
    let syllables: [IndexLink]
    let hasSyllables: Bool
    let fieldErrors: [String: String]
    /// What the list shows (「か」で始まる金融機関 …); nil before anything was asked.
    let heading: String?
    let entries: [Entry]
    let empty: Bool
    /// Set when the list was cut at `DirectoryService.searchLimit`: asks to refine.
    let truncated: String?

    /// The index links for `state` on `route` (`extra`: the chosen bank on the branch page).
    static func index(_ query: DirectoryQuery, state: DestinationSearchState, route: CustomerRoute,
                      extra: [(name: String, value: String)]) -> (rows: [IndexLink], syllables: [IndexLink]) {
        let open = query.openRow
        let rows = KanaIndex.rows.map { row in
            IndexLink(label: row.head, path: state.path(route, extra + [("row", row.head)]), current: row == open,
                      id: "kana-row-\(row.head)")
        }
        var chosen: String?
        if case .initial(let syllable) = query { chosen = syllable }
        let syllables = (open?.syllables ?? []).map { syllable in
            // To the list at once: on a phone it is below the index.
            IndexLink(label: syllable, path: state.path(route, extra + [("kana", syllable)]) + "#directory-results",
                      current: syllable == chosen,
                      id: "kana-\(syllable)")
        }
        return (rows, syllables)
    }

    /// 「か」行 / 「か」で始まる / 「みずほ」を含む / コード「00」で始まる: what the list holds.
    static func heading(_ query: DirectoryQuery, text: String, _ lang: Language, branches: Bool) -> String? {
        switch query {
        case .none:
            nil
        case .row(let row):
            lang.text(branches ? "directory_search.branch_row" : "directory_search.bank_row", with: ["kana": row.head])
        case .initial(let syllable):
            lang.text(branches ? "directory_search.branch_initial" : "directory_search.bank_initial", with: ["kana": syllable])
        case .name:
            lang.text(branches ? "directory_search.branch_name" : "directory_search.bank_name", with: ["text": text])
        case .code(let digits):
            lang.text(branches ? "directory_search.branch_code" : "directory_search.bank_code", with: ["code": digits])
        }
    }
}
