/// 残高照会: every account with branch, type, number, balance and its statement link.
struct BalancesPageModel {
    let accounts: [AccountRow]
    let hasAccounts: Bool
    let asOf: String

    init(accounts: [AccountRow], asOf: String) {
        self.accounts = accounts
        hasAccounts = !accounts.isEmpty
        self.asOf = asOf
    }
}
