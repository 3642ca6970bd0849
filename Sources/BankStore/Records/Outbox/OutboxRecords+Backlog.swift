import BankCore
import Foundation
import SQLKit

/// The outbox as the metrics gauges read it at a scrape.
public struct OutboxBacklog: Sendable, Equatable {
    /// Queued or being sent.
    public var pending: Int
    /// Due now: queued and due, or sending with a lease that ran out (its worker died).
    public var due: Int
    /// When the oldest of the due mails fell due; nil when none is due.
    public var oldestDueSince: Date?
    /// Given up on (an operator's メール送信状況 retries them).
    public var failed: Int
}

extension OutboxRecords {
    public static func backlog(_ db: any SQLDatabase, now: Date) async throws -> OutboxBacklog {
        let row = try await db.raw("""
            SELECT
              CAST(COALESCE(SUM(CASE WHEN status IN ('queued', 'sending') THEN 1 ELSE 0 END), 0) AS BIGINT) AS pending,
              CAST(COALESCE(SUM(CASE WHEN (status = 'queued' AND next_attempt_at <= \(bind: now.millis))
                                       OR (status = 'sending' AND claimed_until <= \(bind: now.millis)) THEN 1 ELSE 0 END), 0) AS BIGINT) AS due,
              MIN(CASE WHEN status = 'queued' AND next_attempt_at <= \(bind: now.millis) THEN next_attempt_at
                       WHEN status = 'sending' AND claimed_until <= \(bind: now.millis) THEN claimed_until END) AS oldest_due,
              CAST(COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS BIGINT) AS failed
            FROM mail_outbox WHERE status IN ('queued', 'sending', 'failed')
            """).first()
        return OutboxBacklog(
            pending: try row?.decode(column: "pending", as: Int.self) ?? 0,
            due: try row?.decode(column: "due", as: Int.self) ?? 0,
            oldestDueSince: try row?.decode(column: "oldest_due", as: Int64?.self).map(Date.init(millis:)),
            failed: try row?.decode(column: "failed", as: Int.self) ?? 0)
    }
}
