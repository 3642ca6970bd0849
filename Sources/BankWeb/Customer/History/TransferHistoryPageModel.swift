/// 振込・振替履歴照会: the period (a GET form) and the customer's transfers in it, newest first.
struct TransferHistoryPageModel {
    struct Row {
        let receptionNumber: String
        let detailPath: String
        let acceptedAt: String
        /// 支店 科目 and the masked number (the last three digits).
        let source: String
        let destination: String
        let amount: String
        let fee: String
        let status: String
    }

    let help: String
    let fromValue: String
    let toValue: String
    let maxDate: String
    /// Messages by form field name (`from`, `to`).
    let fieldErrors: [String: String]
    /// Nil until the period stands.
    var period: String?
    var rows: [Row] = []
    var empty = false
    /// Said when more transfers were made than are listed.
    var truncated: String?
    let action = CustomerRoute.transferHistory.path
}
