/// Where a mail of the outbox stands (`mail_outbox.status`).
public enum OutboxStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for its next attempt.
    case queued
    /// Claimed by a worker; if `claimedUntil` passes without a result the worker died and the
    /// row is due again.
    case sending
    case sent
    /// Given up: a permanent refusal or too many attempts. Audited.
    case failed
    /// A secret mail that was not sent before it stopped being useful; its body is blanked.
    case expired
}
