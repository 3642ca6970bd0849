import BankText

extension StatementRow.Summary {
    /// The 摘要 as the statement shows it, in `lang`: the 入出金明細照会 page and the API's
    /// transactions word it here. A kind without a label shows its memo only: a raw string key
    /// is never shown to a customer.
    public func text(_ lang: Language) -> String {
        switch self {
        case .transferSent(let name): lang.text("statement_summary.transfer_sent", name)
        case .transferReceived(let name): lang.text("statement_summary.transfer_received", name)
        case .transferFee: lang.text("statement_summary.transfer_fee")
        case .ownTransfer: lang.text("statement_summary.own_transfer")
        case .transferReturned(let name): lang.text("statement_summary.transfer_returned", name)
        case .entry(let kind, let memo):
            switch (lang.strings["kind.\(kind)"], memo.isEmpty) {
            case (let label?, true): label
            case (let label?, false): label == memo ? label : "\(label) \(memo)"
            case (nil, _): memo
            }
        }
    }
}
