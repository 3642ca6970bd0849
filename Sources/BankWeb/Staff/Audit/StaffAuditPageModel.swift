/// 監査ログ: the filter as typed, the event names offered, the CSV link of the same filter,
/// and the rows found.
struct StaffAuditPageModel {
    /// An event offered in the filter's list: its label (what a clerk types) and its name.
    struct EventChoice {
        let value: String
        let name: String
    }

    let customerIDValue: String
    let loginIDValue: String
    let staffIDValue: String
    let eventValue: String
    let fromValue: String
    let toValue: String
    /// The X-Request-ID of an access log line: the rows that request wrote.
    let requestIDValue: String
    let eventChoices: [EventChoice]
    let csvLink: String
    let formAction = StaffRoute.audit.path
    var rows: [StaffAuditRow] = []
    var rowCount: String?
    var truncated: String?
    var noRows = false
    var hasRows = false
}
