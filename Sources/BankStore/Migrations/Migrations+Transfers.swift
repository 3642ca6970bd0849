extension Migrations {
    static let transfers = Migration(version: 4, name: "transfers", statements: [
        """
        CREATE TABLE banks (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            name_kana TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE bank_branches (
            bank_code TEXT NOT NULL REFERENCES banks(code),
            branch_code TEXT NOT NULL,
            name TEXT NOT NULL,
            name_kana TEXT NOT NULL,
            PRIMARY KEY (bank_code, branch_code)
        )
        """,
        // kind: 'customer' (利用者登録, the customer's own list) or 'bank' (届出済み, registered
        // at the counter, not editable by the customer). Deleted payees stay for old transfers.
        """
        CREATE TABLE payees (
            id $ID,
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            kind TEXT NOT NULL,
            bank_code TEXT NOT NULL,
            branch_code TEXT NOT NULL,
            account_type TEXT NOT NULL,
            account_number TEXT NOT NULL,
            holder_name TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            created_by TEXT NOT NULL,
            deleted_at BIGINT
        )
        """,
        "CREATE INDEX payees_customer ON payees (customer_id, kind)",
        """
        CREATE UNIQUE INDEX payees_one_live ON payees (customer_id, kind, bank_code, branch_code, account_type, account_number)
        WHERE deleted_at IS NULL
        """,
        // NULL: the bank's default (KYOEI_TRANSFER_DAILY_LIMIT).
        "ALTER TABLE customers ADD COLUMN daily_transfer_limit BIGINT",
        // The one メール通知パスワード a customer holds: for one destination, in one session.
        """
        CREATE TABLE mail_passwords (
            customer_id BIGINT PRIMARY KEY REFERENCES customers(id),
            session_hash TEXT NOT NULL,
            destination_key TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            issued_at BIGINT NOT NULL,
            spent_at BIGINT
        )
        """,
        """
        CREATE TABLE transfer_confirmations (
            nonce TEXT PRIMARY KEY,
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            session_hash TEXT NOT NULL,
            details TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            used_at BIGINT
        )
        """,
        """
        CREATE TABLE transfers (
            id $ID,
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
            ledger_transaction_id BIGINT NOT NULL REFERENCES ledger_transactions(id),
            business_day TEXT NOT NULL,
            factors_in_force TEXT NOT NULL DEFAULT '',
            factors_presented TEXT NOT NULL DEFAULT '',
            ip TEXT NOT NULL DEFAULT '',
            user_agent TEXT NOT NULL DEFAULT '',
            created_at BIGINT NOT NULL,
            settled_at BIGINT,
            status_changed_at BIGINT,
            status_note TEXT
        )
        """,
        "CREATE INDEX transfers_customer_day ON transfers (customer_id, business_day)",
        "CREATE INDEX transfers_status ON transfers (status, id)",
        """
        INSERT INTO accounts (internal_code, branch_code, account_type, account_number, holder_name, allow_negative, opened_at)
        VALUES ('interbank_clearing', '001', 'current', '9000002', 'ﾀｺｳｶﾝｹｯｻｲ', 1, 0),
               ('fee_income', '001', 'current', '9000003', 'ﾃｽｳﾘｮｳ', 1, 0)
        """,
    ])
}
