import Foundation

/// What 他口座への振込・振替 carries through 金融機関・支店の検索 and back: the 支払口座 and the
/// destination fields the customer had typed (口座種別, 口座番号, 受取人名 and any codes), so
/// that choosing a bank and branch loses nothing. Carried in the search pages' links and GET
/// forms, never the CSRF token: these pages only read.
struct DestinationSearchState: Sendable, Equatable {
    let source: Int64
    var typed: DestinationForm

    /// The search inputs of the pickers, which the carried state never holds.
    static let searchFieldNames = ["q", "row", "kana"]

    init(source: Int64, typed: DestinationForm) {
        self.source = source
        self.typed = typed
    }

    /// From a request's query (`source` and the destination form's field names).
    init?(query: (String) -> String?) {
        guard let raw = query("source"), let source = Int64(raw), source > 0 else { return nil }
        self.source = source
        self.typed = DestinationForm { query($0) ?? "" }
    }

    /// The carried values by name, in form order; empty ones left out of URLs.
    var pairs: [(name: String, value: String)] {
        [("source", String(source))] + typed.fields.filter { !$0.value.isEmpty }
    }

    /// This state on `route`, with `extra` query pairs (a chosen code, a search) after it.
    func path(_ route: CustomerRoute, _ extra: [(name: String, value: String)] = []) -> String {
        let names = Set(extra.map(\.name))
        let all = pairs.filter { !names.contains($0.name) } + extra.filter { !$0.value.isEmpty }
        return route.path + "?" + all.map { "\($0.name)=\(CustomerRoute.queryValue($0.value))" }.joined(separator: "&")
    }

    /// The state with a bank chosen: its code, and no branch code (one typed before belonged
    /// to whatever bank was typed then).
    func choosingBank(_ code: String) -> DestinationSearchState {
        var next = self
        next.typed.bankCode = code
        next.typed.branchCode = ""
        return next
    }

    /// Hidden fields of a search page's GET form: the carried state but the search inputs.
    var hiddenFields: [TransferAmountPageModel.HiddenField] {
        pairs.map { TransferAmountPageModel.HiddenField(name: $0.name, value: $0.value) }
    }
}
