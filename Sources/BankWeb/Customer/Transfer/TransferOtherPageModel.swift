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
    /// The bank and branch the codes name, when both are known (after the search).
    let chosen: String?
    /// 金融機関を検索 and 支店を検索 submit this form to itself with `search` (the typed fields
    /// go along) and are answered with the picker.
    let searchBankValue = "bank"
    let searchBranchValue = "branch"
    let action = CustomerRoute.transferOther.path
    /// Back to the first step with this 支払口座 chosen.
    let backPath: String
}
