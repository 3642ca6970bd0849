/// 入出金明細照会: the account and period chosen (a GET form), and the statement once both stand.
struct StatementPageModel {
    let accounts: [SelectOption]
    let hasAccounts: Bool
    let fromValue: String
    let toValue: String
    let maxDate: String
    var statement: StatementTable?
    let action = CustomerRoute.statement.path
}

/// The lines of one account over one period, newest first, each with the balance after it.
struct StatementTable {
    struct Line {
        let date: String
        let memo: String
        let withdrawal: String
        let deposit: String
        let balance: String
    }

    let account: AccountRow
    let period: String
    let lines: [Line]
    let empty: Bool
    /// Said when more lines exist than are shown.
    let truncated: String?
}
