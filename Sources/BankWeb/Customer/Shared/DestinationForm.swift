import BankServices

/// The five fields of a hand-typed destination (他口座, 振込・振替先登録, and the counter's
/// 届出済み振込先), cut to a sane length, to check them and to show them again after an error.
struct DestinationForm: Sendable, Equatable {
    var bankCode = ""
    var branchCode = ""
    var accountType = ""
    var accountNumber = ""
    var holderName = ""

    /// The form's field names, in form order.
    static let fieldNames = ["bank_code", "branch_code", "account_type", "account_number", "holder_name"]

    init() {}

    /// Reads the fields by their form names.
    init(_ field: (String) -> String) {
        bankCode = String(field("bank_code").prefix(64))
        branchCode = String(field("branch_code").prefix(64))
        accountType = String(field("account_type").prefix(64))
        accountNumber = String(field("account_number").prefix(64))
        holderName = String(field("holder_name").prefix(64))
    }

    /// The fields by form name, in form order (the hidden fields carrying them to the next step).
    var fields: [(name: String, value: String)] {
        zip(Self.fieldNames, [bankCode, branchCode, accountType, accountNumber, holderName]).map { ($0, $1) }
    }

    /// A field by its form name ("" for any other name).
    func value(_ name: String) -> String {
        fields.first { $0.name == name }?.value ?? ""
    }

    var payee: PayeeForm {
        PayeeForm(bankCode: bankCode, branchCode: branchCode, accountType: accountType, accountNumber: accountNumber,
                  holderName: holderName)
    }

    var choice: DestinationChoice {
        .other(bankCode: bankCode, branchCode: branchCode, accountType: accountType, accountNumber: accountNumber,
               holderName: holderName)
    }
}
