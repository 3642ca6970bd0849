/// 他口座への振込・振替: the 支払口座 and the typed destination (`destination_fields`).
struct TransferOtherPageModel {
    let source: AccountRow
    let typed: DestinationForm
    let accountTypes: [SelectOption]
    /// Messages by form field name, beside each field.
    let fieldErrors: [String: String]
    let mailPasswordOn: Bool
    let mailPasswordLocked: Bool
    let bankCodeHint: String
    let action = CustomerRoute.transferOther.path
    /// Back to the first step with this 支払口座 chosen.
    let backPath: String
}
