/// The answer to 顧客新規登録: the customer made, their accounts, and the passwords shown
/// this once (or, for a second submission, that they were shown before).
struct StaffCounterCustomerCreatedPageModel {
    struct Passwords {
        let login: String
        let confirmation: String
    }

    let customer: StaffCounterCustomer
    let accounts: [AccountRow]
    let hasAccounts: Bool
    let passwords: Passwords?
    let replayed: String?
}
