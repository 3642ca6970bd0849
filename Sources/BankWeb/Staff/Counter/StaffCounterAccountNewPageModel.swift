/// 口座開設's form: the branch and 科目 chosen, the one-time token.
struct StaffCounterAccountNewPageModel {
    let customer: StaffCounterCustomer
    let branches: [SelectOption]
    let accountTypes: [SelectOption]
    let formToken: String
    let fieldErrors: [String: String]
    let formAction: String
}
