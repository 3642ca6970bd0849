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
