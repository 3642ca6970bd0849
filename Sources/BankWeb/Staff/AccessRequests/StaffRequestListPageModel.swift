/// 承認待ち申請: the status chosen and the requests of that status.
struct StaffRequestListPageModel {
    let statuses: [SelectOption]
    var requests: [StaffAccessRequestRow] = []
    var hasRequests = false
}
