/// 他行振込: transfers to other banks by status, with 送信済にする and 返却 for whoever may
/// press them.
struct StaffInterbankPageModel {
    /// One transfer, with its two forms (and the reason typed, shown again when 返却 failed).
    struct Row {
        let id: String
        let receptionNumber: String
        let acceptedAt: String
        let customerID: String
        let customerPath: String
        let loginID: String
        let customerName: String
        let bank: String
        let branch: String
        let account: String
        let holderName: String
        let amount: String
        let fee: String
        let status: String
        let statusClass: String
        let changedAt: String
        let note: String
        let canMarkSent: Bool
        let canReturn: Bool
        let sentPath: String
        let returnPath: String
        var reasonValue = ""
        var reasonError = LocalOptional<String>(nil)
    }

    let notices: [String]
    let statusValue: String
    let mayOperate: Bool
    let filters: [StaffStatusFilterLink]
    let rows: [Row]
    let hasRows: Bool
    let rowCount: String
    let truncated: String?
}
