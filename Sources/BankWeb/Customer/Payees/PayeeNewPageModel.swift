/// 振込・振替先登録: the typed destination (`destination_fields`) and the 確認用パスワード.
struct PayeeNewPageModel {
    let typed: DestinationForm
    let accountTypes: [SelectOption]
    /// Messages by form field name, beside each field.
    let fieldErrors: [String: String]
    let showForm: Bool
    let bankCodeHint: String
    let action = CustomerRoute.payeeNew.path
}
