/// The customer a counter form is about, as its heading shows them, with the way back to 顧客詳細.
struct StaffCounterCustomer {
    let id: String
    let loginID: String
    let nameKanji: String
    let nameKana: String
    let pcEmail: String
    let mobileEmail: String
    let path: String
}

/// 顧客新規登録's form: what was typed, the branches and 科目 of the first account, the
/// one-time token, and the message beside each field refused.
struct StaffCounterCustomerNewPageModel {
    let typed: [String: String]
    let formToken: String
    let branches: [SelectOption]
    let accountTypes: [SelectOption]
    let fieldErrors: [String: String]
    let formAction = StaffRoute.customerNew.path
}

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

/// 口座開設's form.
struct StaffCounterAccountNewPageModel {
    let customer: StaffCounterCustomer
    let branches: [SelectOption]
    let accountTypes: [SelectOption]
    let formToken: String
    let fieldErrors: [String: String]
    let formAction: String
}

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

/// The answer to 入金・出金: the line posted (the first one, when the form was sent again).
struct StaffCounterPostingDonePageModel {
    struct Posting {
        let direction: String
        let account: String
        let amount: String
        let memo: String
        let balanceAfter: String
        let at: String
        let transactionID: String
    }

    let posting: Posting
    let replayed: Bool
    let againPath: String
    let customerPath: String
}

/// 届出済み振込先の登録's form (the shared `destination_fields` partial reads `typed`,
/// `fieldErrors`, `accountTypes` and `bankCodeHint`).
struct StaffCounterPayeeNewPageModel {
    let customer: StaffCounterCustomer
    let typed: DestinationForm
    let accountTypes: [SelectOption]
    let bankCodeHint: String
    let fieldErrors: [String: String]
    let formAction: String
}

/// 届出済み振込先の削除's confirmation.
struct StaffCounterPayeeDeletePageModel {
    let customer: StaffCounterCustomer
    let payee: StaffPayeeRow
    let formAction: String
}

/// 登録メールアドレス変更's form: which address, the new one typed.
struct StaffCounterMailAddressPageModel {
    let customer: StaffCounterCustomer
    let typed: [String: String]
    let kindPC: Bool
    let kindMobile: Bool
    let fieldErrors: [String: String]
    let formAction: String
}
