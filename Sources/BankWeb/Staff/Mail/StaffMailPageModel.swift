/// メール送信状況: the outbox by status, the notices of a retry, and the retry buttons for
/// whoever may press them.
struct StaffMailPageModel {
    /// One mail: never its body, and its subject only until the secret in it is erased.
    struct Row {
        let id: String
        let createdAt: String
        let kind: String
        let kindCode: String
        let recipients: String
        let customerID: LocalOptional<String>
        let customerPath: String
        let subject: String
        let erased: Bool
        let secret: Bool
        let urgent: Bool
        let status: String
        let statusClass: String
        let attempts: String
        let nextAttempt: LocalOptional<String>
        let sentAt: String
        let lastError: String
        let canRetry: Bool
        let retryPath: String
    }

    let notices: [String]
    let statusValue: String
    let mayOperate: Bool
    let filters: [StaffStatusFilterLink]
    let rows: [Row]
    let hasRows: Bool
    let rowCount: String
    let hasFailed: Bool
    let truncated: String?
}
