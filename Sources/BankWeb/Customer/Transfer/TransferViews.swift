import BankCore
import BankServices
import Hummingbird

/// What the 振込・振替 screens share: how the chosen destination travels from step to step, and
/// how refusals read.
extension CustomerSite {
    /// The destination as the `to` value carries it between steps: `own:ID`, `customer:ID`,
    /// `bank:ID`, or `other` with the five typed fields beside it. Nil when it is none of these.
    static func destinationChoice(to: String, field: (String) -> String) -> DestinationChoice? {
        if to == "other" { return DestinationForm(field).choice }
        let parts = to.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let id = Int64(parts[1]), id > 0 else { return nil }
        switch parts[0] {
        case "own": return .own(accountID: id)
        case "customer": return .customerPayee(id: id)
        case "bank": return .bankPayee(id: id)
        default: return nil
        }
    }
}
