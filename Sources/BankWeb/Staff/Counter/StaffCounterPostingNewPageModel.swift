/// 入金・出金's form: the customer's accounts (one chosen), the direction, amount and memo.
struct StaffCounterPostingNewPageModel {
    /// One of the customer's accounts as a radio button (the first, or the one typed, chosen).
    struct Account {
        let id: String
        let branch: String
        let branchCode: String
        let type: String
        let number: String
        let balance: String
        let checked: Bool
    }

    let customer: StaffCounterCustomer
    let accounts: [Account]
    let hasAccounts: Bool
    let typed: [String: String]
    let depositChecked: Bool
    let withdrawalChecked: Bool
    let formToken: String
    let fieldErrors: [String: String]
    let formAction: String
}
