import BankCore
import Foundation
import SQLKit

/// 予約振込: the bookings that wait, the one a scheduler run takes next, and the status
/// change that ends a booking (run, cancelled, too little money).
extension TransferRecords {
    /// The next due booking (振込指定日 on or before `day`), locked for this transaction. On
    /// PostgreSQL `FOR UPDATE SKIP LOCKED` lets several servers run at once, each taking a
    /// different booking; SQLite has one writer, so the transaction alone excludes the others.
    /// The status is re-checked by `finishScheduled`, so a row is never run twice.
    public static func claimDue(_ db: any SQLDatabase, engine: DatabaseEngine, onOrBefore day: String) async throws -> TransferRecord? {
        let lock = engine == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        return try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM transfers
            WHERE status = 'scheduled' AND scheduled_for <= \(bind: day)
            ORDER BY scheduled_for, id LIMIT 1 \(unsafeRaw: lock)
            """).first().map(decode)
    }

    /// Bookings still waiting (予約中), oldest 振込指定日 first: one customer's or all.
    public static func scheduled(_ db: any SQLDatabase, customerID: Int64? = nil, limit: Int = 500) async throws -> [TransferRecord] {
        var query = SQLQueryString("SELECT \(unsafeRaw: columns) FROM transfers WHERE status = 'scheduled'")
        if let customerID { query.appendInterpolation(unsafeRaw: " AND customer_id = "); query.appendInterpolation(bind: customerID) }
        query.appendInterpolation(unsafeRaw: " ORDER BY scheduled_for, id LIMIT ")
        query.appendInterpolation(bind: limit)
        return try await db.raw(query).all().map(decode)
    }

    /// Ends a booking: only from 予約中, so a second run or a late cancel changes nothing
    /// (false). Executed bookings get their ledger transaction; `executed` stamps
    /// `executed_at` (a run, not a cancellation).
    public static func finishScheduled(_ db: any SQLDatabase, id: Int64, to status: TransferStatus, ledgerTransactionID: Int64?,
                                       note: String?, executed: Bool, at now: Date) async throws -> Bool {
        try await db.raw("""
            UPDATE transfers SET status = \(bind: status.rawValue), ledger_transaction_id = \(bind: ledgerTransactionID),
                   status_changed_at = \(bind: now.millis),
                   status_note = \(bind: note), executed_at = \(bind: executed ? now.millis : nil),
                   settled_at = \(bind: status == .completed ? now.millis : nil)
            WHERE id = \(bind: id) AND status = 'scheduled'
            RETURNING id
            """).first() != nil
    }
}
