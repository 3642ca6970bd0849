/// 届出済み振込先の削除's confirmation.
struct StaffCounterPayeeDeletePageModel {
    let customer: StaffCounterCustomer
    let payee: StaffPayeeRow
    let formAction: String
}
