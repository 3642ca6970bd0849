extension Migrations {
    /// Two of `transfers`' indexes cover only the rows their queries look for, so a transfer
    /// made now (issue 20: 実行 wrote 25 index entries, and on SQLite the one writer's B-tree
    /// work bounds the rate) touches neither:
    /// - `transfers_due`: only bookings waiting (予約中), by 振込指定日. Every query of it names
    ///   `status = 'scheduled'` (the scheduler's next due booking, the customer's and the back
    ///   office's 予約中 lists); an immediate transfer never enters it, nor leaves it when its
    ///   status changes.
    /// - `transfers_interbank_file`: only transfers already in a 全銀 file. It is read by file
    ///   name (`interbank_file = ?` implies a file); the export's `interbank_file IS NULL`
    ///   reads by status (`transfers_status`).
    /// `TransferIndexScopeTests` checks on both engines that each query still reads its index.
    static let transferIndexScopes = Migration(version: 18, name: "transfer_index_scopes", statements: [
        "DROP INDEX transfers_due",
        // `status` stays the first column although every row has the same: SQLite (no statistics)
        // then sees the equality and the range both served here, and prefers this index to
        // `transfers_status` (status alone, then a sort).
        "CREATE INDEX transfers_due ON transfers (status, scheduled_for, id) WHERE status = 'scheduled'",
        "DROP INDEX transfers_interbank_file",
        "CREATE INDEX transfers_interbank_file ON transfers (interbank_file) WHERE interbank_file IS NOT NULL",
    ])
}
