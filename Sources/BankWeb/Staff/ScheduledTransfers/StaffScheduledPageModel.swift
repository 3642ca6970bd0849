/// 予約中の振込: the filter as typed (振込指定日 from/to, ログインID), its field errors, and the
/// bookings that wait.
struct StaffScheduledPageModel {
    let formAction: String
    let fromValue: String
    let toValue: String
    let loginIDValue: String
    let fieldErrors: [String: String]
    let rows: [StaffScheduledRow]
    let hasRows: Bool
    let rowCount: String
    let truncated: String?
    let deadlineNote: String
}
