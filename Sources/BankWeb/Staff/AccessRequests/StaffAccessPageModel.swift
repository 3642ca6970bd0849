/// アクセス回復・振込限度額 for one customer: the locks with a request to clear each, the
/// OTP reset, stopping the メール通知パスワード, the 振込限度額, and the customer's requests.
/// A refused request shows its form again with what was typed (`failed…`).
struct StaffAccessPageModel {
    /// A credential's lock, and whether a request to clear it already waits.
    struct Credential {
        let credential: String
        let name: String
        let failures: String
        let locked: Bool
        let lockedAt: String
        let pending: Bool
    }

    let customer: StaffCustomerProfile
    let customerPath: String
    let accessPath: String
    let limitPath: String
    let mayRequest: Bool
    let credentials: [Credential]
    let factor: StaffFactorRow
    let hasToken: Bool
    let hasMailPassword: Bool
    var identityDocuments: [SelectOption]
    let dailyLimit: String
    let dailyLimitDefault: Bool
    let requests: [StaffAccessRequestRow]
    let hasRequests: Bool
    var failedOTPReset = false
    var failedMailPasswordOff = false
    var failedTransferLimit = false
    var reasonValue = ""
    var identityNoteValue = ""
    var amountValue = ""
}
