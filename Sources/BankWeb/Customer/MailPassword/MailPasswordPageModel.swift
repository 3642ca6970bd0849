/// メール通知パスワード利用変更: the state, the registered addresses to choose from, 利用する /
/// 利用しない, and why 利用する cannot be chosen when it cannot.
struct MailPasswordPageModel {
    let stateText: String
    let refusalText: String?
    let addresses: [RadioOption]
    let canEnable: Bool
    let useOnChecked: Bool
    let useOffChecked: Bool
    let showForm: Bool
    /// Messages by form field name (`address`, `use`).
    let fieldErrors: [String: String]
    let action = CustomerRoute.mailPassword.path
}
