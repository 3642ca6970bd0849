/// The answer to 入金・出金: the line posted (the first one, when the form was sent again).
struct StaffCounterPostingDonePageModel {
    struct Posting {
        let direction: String
        let account: String
        let amount: String
        let memo: String
        let balanceAfter: String
        let at: String
        let transactionID: String
    }

    let posting: Posting
    let replayed: Bool
    let againPath: String
    let customerPath: String
}
