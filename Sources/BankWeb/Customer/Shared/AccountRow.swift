import BankServices

/// An account as the customer's screens show it (残高照会, 入出金明細, 振込・振替): on the
/// customer's own screens the full number.
struct AccountRow {
    let id: String
    let branch: String
    let branchCode: String
    let type: String
    let number: String
    let balance: String
    /// `支店 科目 番号`, how a choice of account reads.
    let label: String
    let statementPath: String

    init(_ account: AccountView, _ lang: Language) {
        id = String(account.id)
        branch = lang == .ja ? account.branchNameJa : account.branchNameEn
        branchCode = account.branchCode
        type = lang.text(account.accountType.labelKey)
        number = account.accountNumber
        balance = account.balance.formatted
        label = "\(branch) \(type) \(number)"
        statementPath = CustomerRoute.statement.path(query: ["account": id])
    }
}
