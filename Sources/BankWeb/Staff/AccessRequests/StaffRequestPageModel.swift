/// One access request with the decisions the member of staff may take on it.
struct StaffRequestPageModel {
    let request: StaffAccessRequestRow
    let mayDecide: Bool
    let mayWithdraw: Bool
    let awaitingOther: Bool
    let noteValue: String
    let approvePath: String
    let rejectPath: String
    let withdrawPath: String

    init(request: StaffAccessRequestRow, id: Int64, mayDecide: Bool, mayWithdraw: Bool, awaitingOther: Bool, noteValue: String) {
        self.request = request
        self.mayDecide = mayDecide
        self.mayWithdraw = mayWithdraw
        self.awaitingOther = awaitingOther
        self.noteValue = noteValue
        approvePath = StaffRoute.requestDecision(id: id, decision: "approve").path
        rejectPath = StaffRoute.requestDecision(id: id, decision: "reject").path
        withdrawPath = StaffRoute.requestDecision(id: id, decision: "withdraw").path
    }
}
