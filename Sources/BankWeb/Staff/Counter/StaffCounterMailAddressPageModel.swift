/// 登録メールアドレス変更's form: which address, the new one typed.
struct StaffCounterMailAddressPageModel {
    let customer: StaffCounterCustomer
    let typed: [String: String]
    let kindPC: Bool
    let kindMobile: Bool
    let fieldErrors: [String: String]
    let formAction: String
}
