extension Migrations {
    /// 予約振込 (issue 18): a booking is a `transfers` row like any other (one history, one
    /// 受付番号, the daily limit summed from one table), with status `scheduled` and its
    /// 振込指定日 in `scheduled_for`; it has no ledger transaction until it runs, so
    /// `ledger_transaction_id` may be NULL. `executed_at` is when the scheduler ran it.
    /// PostgreSQL drops the NOT NULL in place; SQLite cannot, so the table is rebuilt with
    /// the same columns (every column added to `transfers` before this migration must be
    /// listed in `transferColumns`).
    static let scheduledTransfers = Migration(
        version: 15, name: "scheduled_transfers",
        statements: [],
        postgresStatements: [
            "ALTER TABLE transfers ALTER COLUMN ledger_transaction_id DROP NOT NULL",
            "ALTER TABLE transfers ADD COLUMN scheduled_for TEXT",
            "ALTER TABLE transfers ADD COLUMN executed_at BIGINT",
            "CREATE INDEX transfers_due ON transfers (status, scheduled_for, id)",
        ],
        sqliteStatements: [
            """
            CREATE TABLE transfers_rebuilt (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                reception_number TEXT NOT NULL UNIQUE,
                nonce TEXT NOT NULL UNIQUE,
                customer_id BIGINT NOT NULL REFERENCES customers(id),
                source_account_id BIGINT NOT NULL REFERENCES accounts(id),
                route TEXT NOT NULL,
                destination_kind TEXT NOT NULL,
                payee_id BIGINT,
                bank_code TEXT NOT NULL,
                branch_code TEXT NOT NULL,
                account_type TEXT NOT NULL,
                account_number TEXT NOT NULL,
                holder_name TEXT NOT NULL,
                destination_account_id BIGINT REFERENCES accounts(id),
                amount BIGINT NOT NULL,
                fee BIGINT NOT NULL,
                status TEXT NOT NULL,
                ledger_transaction_id BIGINT REFERENCES ledger_transactions(id),
                business_day TEXT NOT NULL,
                factors_in_force TEXT NOT NULL DEFAULT '',
                factors_presented TEXT NOT NULL DEFAULT '',
                ip TEXT NOT NULL DEFAULT '',
                user_agent TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL,
                settled_at BIGINT,
                status_changed_at BIGINT,
                status_note TEXT,
                interbank_file TEXT,
                scheduled_for TEXT,
                executed_at BIGINT
            )
            """,
            "INSERT INTO transfers_rebuilt (\(transferColumns)) SELECT \(transferColumns) FROM transfers",
            "DROP TABLE transfers",
            "ALTER TABLE transfers_rebuilt RENAME TO transfers",
            "CREATE INDEX transfers_customer_day ON transfers (customer_id, business_day)",
            "CREATE INDEX transfers_status ON transfers (status, id)",
            "CREATE INDEX transfers_due ON transfers (status, scheduled_for, id)",
            "CREATE INDEX transfers_interbank_file ON transfers (interbank_file)",  // migration 14's
        ])

    /// The columns `transfers` had before migration 15 (copied by SQLite's rebuild).
    static let transferColumns = """
        id, reception_number, nonce, customer_id, source_account_id, route, destination_kind, payee_id, bank_code, \
        branch_code, account_type, account_number, holder_name, destination_account_id, amount, fee, status, \
        ledger_transaction_id, business_day, factors_in_force, factors_presented, ip, user_agent, created_at, settled_at, \
        status_changed_at, status_note, interbank_file
        """
}
