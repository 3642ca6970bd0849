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

    /// A 全銀 file made before, with 再出力.
    struct FileRow {
        let name: String
        let businessDate: String
        let transferDate: String
        let transfers: String
        let total: String
        let createdAt: String
        let createdBy: String
    }

    let notices: [String]
    let statusValue: String
    let mayOperate: Bool
    let filters: [StaffStatusFilterLink]
    let rows: [Row]
    let hasRows: Bool
    let rowCount: String
    let truncated: String?
    /// 全銀ファイル作成: the day proposed (today, JST), the two forms' targets and the files made.
    let exportDate: String
    let exportPath: String
    let reexportPath: String
    let files: [FileRow]
    let hasFiles: Bool
}
