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
