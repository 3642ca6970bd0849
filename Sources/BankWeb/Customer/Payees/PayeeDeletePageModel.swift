/// 振込・振替先の削除: the payee to remove, and the form when removing is still possible.
struct PayeeDeletePageModel {
    let payee: DestinationRow
    let showForm: Bool
    let action: String
}
