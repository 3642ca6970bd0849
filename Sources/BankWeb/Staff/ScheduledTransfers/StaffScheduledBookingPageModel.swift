/// One 予約振込 in the back office, with the 取消 request form for whoever may ask (and the
/// reason typed, shown again when the request was refused).
struct StaffScheduledBookingPageModel {
    let booking: StaffScheduledRow
    let mayRequest: Bool
    let cancelPath: String
    let reasonValue: String
    let fieldErrors: [String: String]
    let deadlineNote: String
}
