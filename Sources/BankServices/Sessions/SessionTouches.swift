import BankStore
import Foundation

/// Records page views in sessions (their idle clocks restart) together: while one statement
/// is being written, the views that arrive meanwhile wait for the next one, which records them
/// all — one UPDATE and one commit for up to 256 sessions (`SessionStore.touchBatchSizes`). A lone view is still one
/// statement, written at once. Under load PostgreSQL then commits once per batch instead of
/// once per page view: on a durable server each commit is a WAL flush, and a page view whose
/// session needed recording cost two round trips and a commit of its own (issue 20).
///
/// Every view still waits for its own record to be committed and learns whether its session
/// was still there (a logout, a new login or the sweep may have ended it since it was read).
/// One per process (`BankContext.sessionTouches`); sessions of each table are batched apart.
public actor SessionTouches {
    private let database: any BankDatabase
    /// The views waiting for the next statement, by session table.
    private var waiting: [String: Batch] = [:]
    /// The tables whose statement is being written now.
    private var writing: Set<String> = []

    private struct Waiter {
        let tokenHash: String
        let answer: CheckedContinuation<Bool, any Error>
    }

    private struct Batch {
        /// The latest view's time: the moment every session of the batch is recorded at (they
        /// differ by the time one statement takes).
        var latest: Date
        var waiters: [Waiter] = []
    }

    public init(database: any BankDatabase) {
        self.database = database
    }

    /// Records a view of the session behind `tokenHash` at `now`, once committed. False when
    /// the session's row is gone.
    public func touch<Session: StoredSession>(_ kind: Session.Type, tokenHash: String, at now: Date) async throws -> Bool {
        try await withCheckedThrowingContinuation { answer in
            let table = Session.table
            var batch = waiting[table] ?? Batch(latest: now)
            batch.latest = max(batch.latest, now)
            batch.waiters.append(Waiter(tokenHash: tokenHash, answer: answer))
            waiting[table] = batch
            if writing.insert(table).inserted {
                Task { await self.write(Session.self) }
            }
        }
    }

    /// The views of a table waiting for the next statement (tests watch them queue).
    func waitingViews(_ table: String) -> Int { waiting[table]?.waiters.count ?? 0 }

    /// Writes the table's waiting views, batch after batch, until none wait.
    private func write<Session: StoredSession>(_ kind: Session.Type) async {
        let table = Session.table
        let largest = SessionStore<Session>.touchBatchSizes.last ?? 1
        while let batch = nextBatch(table, largest: largest) {
            let hashes = Array(Set(batch.waiters.map(\.tokenHash)))
            do {
                let recorded = try await database.autocommit { db in
                    try await SessionStore<Session>.touch(db, tokenHashes: hashes, at: batch.latest)
                }
                for waiter in batch.waiters { waiter.answer.resume(returning: recorded.contains(waiter.tokenHash)) }
            } catch {
                for waiter in batch.waiters { waiter.answer.resume(throwing: error) }
            }
        }
        writing.remove(table)
    }

    /// The table's waiting views, as many as one statement records with their duplicates
    /// counted once (the rest wait for the next statement).
    private func nextBatch(_ table: String, largest: Int) -> Batch? {
        guard var batch = waiting.removeValue(forKey: table) else { return nil }
        var sessions = Set<String>()
        if let cut = batch.waiters.firstIndex(where: { sessions.insert($0.tokenHash).inserted && sessions.count > largest }) {
            waiting[table] = Batch(latest: batch.latest, waiters: Array(batch.waiters[cut...]))
            batch.waiters.removeSubrange(cut...)
        }
        return batch
    }
}
