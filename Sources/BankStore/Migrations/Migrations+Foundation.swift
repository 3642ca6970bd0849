extension Migrations {
    static let foundation = Migration(version: 1, name: "foundation", statements: [
        """
        CREATE TABLE branches (
            code TEXT PRIMARY KEY,
            name_ja TEXT NOT NULL,
            name_en TEXT NOT NULL
        )
        """,
        """
        INSERT INTO branches (code, name_ja, name_en) VALUES
            ('001', '本店', 'Head Office'),
            ('002', '吉田支店', 'Yoshida Branch'),
            ('003', '分水支店', 'Bunsui Branch')
        """,
        """
        CREATE TABLE customers (
            id $ID,
            login_id TEXT NOT NULL UNIQUE,
            name_kanji TEXT NOT NULL,
            name_kana TEXT NOT NULL,
            pc_email TEXT NOT NULL,
            mobile_email TEXT,
            login_password_hash TEXT NOT NULL,
            confirmation_password_hash TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active',
            created_at BIGINT NOT NULL,
            last_login_at BIGINT,
            previous_login_at BIGINT
        )
        """,
        """
        CREATE TABLE credential_failures (
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            credential TEXT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            last_failure_at BIGINT,
            locked_at BIGINT,
            PRIMARY KEY (customer_id, credential)
        )
        """,
        // Failures against login IDs that do not exist are counted too, so that the lock
        // message cannot tell an attacker which IDs are real.
        """
        CREATE TABLE unknown_login_failures (
            login_id_hash TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            last_failure_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE accounts (
            id $ID,
            customer_id BIGINT REFERENCES customers(id),
            internal_code TEXT UNIQUE,
            branch_code TEXT NOT NULL REFERENCES branches(code),
            account_type TEXT NOT NULL,
            account_number TEXT NOT NULL,
            holder_name TEXT NOT NULL,
            balance BIGINT NOT NULL DEFAULT 0,
            allow_negative INTEGER NOT NULL DEFAULT 0,
            opened_at BIGINT NOT NULL,
            UNIQUE (branch_code, account_number)
        )
        """,
        "CREATE INDEX accounts_customer ON accounts (customer_id)",
        """
        CREATE TABLE ledger_transactions (
            id $ID,
            kind TEXT NOT NULL,
            memo TEXT NOT NULL DEFAULT '',
            idempotency_key TEXT UNIQUE,
            actor TEXT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE ledger_entries (
            id $ID,
            transaction_id BIGINT NOT NULL REFERENCES ledger_transactions(id),
            account_id BIGINT NOT NULL REFERENCES accounts(id),
            amount BIGINT NOT NULL,
            balance_after BIGINT NOT NULL,
            created_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX ledger_entries_account ON ledger_entries (account_id, created_at, id)",
        "CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id)",
        """
        INSERT INTO accounts (internal_code, branch_code, account_type, account_number, holder_name, allow_negative, opened_at)
        VALUES ('cash', '001', 'ordinary', '9000001', 'ｹﾞﾝｷﾝ', 1, 0)
        """,
        """
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            stage TEXT NOT NULL,
            csrf_token TEXT NOT NULL,
            factors_presented TEXT NOT NULL DEFAULT '',
            ip TEXT NOT NULL DEFAULT '',
            user_agent TEXT NOT NULL DEFAULT '',
            created_at BIGINT NOT NULL,
            last_seen_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX sessions_customer ON sessions (customer_id)",
        "CREATE INDEX sessions_last_seen ON sessions (last_seen_at)",
        """
        CREATE TABLE audit_events (
            id $ID,
            at BIGINT NOT NULL,
            event TEXT NOT NULL,
            result TEXT NOT NULL,
            actor TEXT NOT NULL,
            customer_id BIGINT,
            login_id TEXT,
            ip TEXT NOT NULL DEFAULT '',
            user_agent TEXT NOT NULL DEFAULT '',
            factors_in_force TEXT NOT NULL DEFAULT '',
            factors_presented TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX audit_events_customer ON audit_events (customer_id, at)",
        "CREATE INDEX audit_events_at ON audit_events (at)",
    ])

    /// The transactional outbox: a mail is a row written in the same transaction as the
    /// change that causes it, and a delivery worker sends it afterwards.
}
