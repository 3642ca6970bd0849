import BankCore
import BankServices
import BankStore
import Hummingbird

/// What the 振込・振替 screens share: how accounts, destinations and payees are shown, how
/// the chosen destination travels from step to step, and how refusals read.
extension CustomerSite {
    /// The five fields of a hand-typed destination (他口座 and 振込・振替先登録), in form order.
    static let destinationFields = ["bank_code", "branch_code", "account_type", "account_number", "holder_name"]

    /// A 支払口座 as the screens list it: on the customer's own screens the full number.
    func sourceRow(_ account: AccountRecord, _ lang: Language, selected: Bool = false) -> [String: Any] {
        var row = accountRow(account, lang)
        row["selected"] = selected
        let branch = lang == .ja ? account.branchNameJa : account.branchNameEn
        row["label"] = "\(branch) \(lang.text(account.accountType.labelKey)) \(account.accountNumber)"
        return row
    }

    func destinationRow(_ destination: TransferDestination, _ lang: Language) -> [String: Any] {
        var row: [String: Any] = [
            "bank_name": destination.bankName, "bank_code": destination.bankCode,
            "branch_name": destination.branchName, "branch_code": destination.branchCode,
            "type": lang.text(destination.accountType.labelKey), "number": destination.accountNumber,
            "holder": destination.holderName,
        ]
        // A typed 受取人名 that is not the account holder's: both names, and what will happen.
        if let typed = destination.typedHolderName {
            row["typed_holder"] = typed
            row["holder_differs"] = lang.text("transfer_holder_differs", typed, destination.holderName)
        }
        return row
    }

    func payeeRow(_ payee: PayeeView, _ lang: Language) -> [String: Any] {
        [
            "id": String(payee.record.id),
            "bank_name": payee.bankName, "bank_code": payee.record.bankCode,
            "branch_name": payee.branchName, "branch_code": payee.record.branchCode,
            "type": lang.text(payee.record.accountType.labelKey), "number": payee.record.accountNumber,
            "holder": payee.record.holderName,
        ]
    }

    /// The destination as the `to` value carries it between steps: `own:ID`, `customer:ID`,
    /// `bank:ID`, or `other` with the five typed fields beside it. Nil when it is none of these.
    static func destinationChoice(to: String, field: (String) -> String) -> DestinationChoice? {
        if to == "other" {
            return .other(bankCode: field("bank_code"), branchCode: field("branch_code"), accountType: field("account_type"),
                          accountNumber: field("account_number"), holderName: field("holder_name"))
        }
        let parts = to.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let id = Int64(parts[1]), id > 0 else { return nil }
        switch parts[0] {
        case "own": return .own(accountID: id)
        case "customer": return .customerPayee(id: id)
        case "bank": return .bankPayee(id: id)
        default: return nil
        }
    }

    /// The typed fields of a form, cut to a sane length, to show them again after an error.
    static func typedDestination(_ field: (String) -> String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: destinationFields.map { ($0, String(field($0).prefix(64))) })
    }

    /// A form's 科目 choices, the typed one selected (普通 by default).
    func accountTypeOptions(selected: String, _ lang: Language) -> [[String: Any]] {
        let chosen = AccountType(input: selected) ?? .ordinary
        return AccountType.allCases.map { type in
            ["value": type.rawValue, "label": lang.text(type.labelKey), "selected": type == chosen]
        }
    }

    /// The customer-facing messages of a refusal, with the amounts of a transfer refusal filled in.
    func transferMessages(_ error: BankError, _ lang: Language) -> [String] {
        if case .transferRefused(let refusal) = error {
            return [lang.text(refusal.messageKey, refusal.messageArguments)]
        }
        return messages(error, lang)
    }

    /// Bad input by field name, for the message beside each field.
    func fieldMessages(_ error: BankError, _ lang: Language) -> [String: String] {
        guard case .invalidInput(let fields) = error else { return [:] }
        var out: [String: String] = [:]
        for field in fields where out[field.field] == nil { out[field.field] = lang.text(field.messageKey) }
        return out
    }

    /// A positive id from the query or a form field.
    static func positiveID(_ raw: String?) -> Int64? {
        guard let raw, let id = Int64(raw), id > 0 else { return nil }
        return id
    }
}

extension Language {
    /// `key` with `{0}`, `{1}` … replaced from a list.
    func text(_ key: String, _ arguments: [String]) -> String {
        var out = text(key)
        for (index, argument) in arguments.enumerated() {
            out = out.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return out
    }
}
