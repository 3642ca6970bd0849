/// ログイン履歴: the customer's latest login attempts, newest first.
struct LoginHistoryPageModel {
    struct Row {
        let at: String
        let ip: String
        let browser: String
        let factors: String
        let result: String
        /// `succeeded`, `password_accepted` or `failed`: the row's class.
        let outcome: String
    }

    let help: String
    let rows: [Row]
    let empty: Bool
}
