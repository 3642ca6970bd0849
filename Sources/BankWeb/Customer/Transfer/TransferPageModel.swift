/// 振込・振替: the 支払口座 to choose from, the destinations in their three groups (own
/// accounts, 利用者登録, 届出済み), today's limit and whether a メール通知パスワード will be mailed.
struct TransferPageModel {
    struct SourceOption {
        let account: AccountRow
        let selected: Bool
    }

    let accounts: [SourceOption]
    let hasAccounts: Bool
    let ownAccounts: [RadioOption]
    let customerPayees: [RadioOption]
    let bankPayees: [RadioOption]
    let hasCustomerPayees: Bool
    let hasBankPayees: Bool
    let dailyLimit: String
    let remainingToday: String
    let mailPasswordOn: Bool
    let mailPasswordLocked: Bool
    /// Messages by form field name (`source`, `destination`).
    let fieldErrors: [String: String]
    let action = CustomerRoute.transferSelect.path
}
