/// What one process may wake the others for (`BankDatabase.wakeOtherProcesses`): on PostgreSQL
/// the raw value is the LISTEN/NOTIFY channel.
public enum WakeChannel: String, Sendable, CaseIterable {
    /// Mail was committed to the outbox (or put back into it): outbox workers look at once
    /// instead of at their next poll.
    case mailOutbox = "kyoei_mail_outbox"
}
