/// What was decided about the ログインのお知らせ of one full login.
public enum LoginNoticeOutcome: String, Sendable, Codable {
    /// Written to the outbox in the login's transaction.
    case sent
    /// Not sent: the customer turned login notices off (and the browser was known).
    case off
    /// Not sent: another notice went out less than the minimum interval before.
    case throttled
}
