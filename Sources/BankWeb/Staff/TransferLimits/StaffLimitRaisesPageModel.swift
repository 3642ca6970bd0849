/// 振込限度額の引上げ（適用待ち）: every customer's raise still waiting out the cooling-off,
/// soonest due first, each with 取消 for counter staff.
struct StaffLimitRaisesPageModel {
    struct Row {
        let raiseID: String
        let customerID: String
        let customerPath: String
        let loginID: String
        let nameKanji: String
        let nameKana: String
        let previous: String
        let amount: String
        let requestedAt: String
        let effectiveAt: String
        let ip: String
        let cancelAction: String
    }

    let rows: [Row]
    let hasRows: Bool
    let count: String
    /// 事務担当 and 役席 may cancel; 監査 only reads.
    let canCancel: Bool
    var fieldErrors: [String: String] = [:]
}
