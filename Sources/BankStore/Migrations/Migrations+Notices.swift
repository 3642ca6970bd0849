extension Migrations {
    /// ログインのお知らせ and 通知設定 (issue 17).
    static let notices = Migration(version: 13, name: "notices", statements: [
        // One row per customer once the customer changed a setting or was sent a login
        // notice; no row: every notice on (the default). `last_login_notice_at` and
        // `last_new_browser_notice_at` are the throttle's two slots (logins from known browsers,
        // logins from new ones): a conditional upsert claims one, so two nodes never both send.
        """
        CREATE TABLE notification_settings (
            customer_id BIGINT PRIMARY KEY REFERENCES customers(id),
            login_notice INTEGER NOT NULL DEFAULT 1,
            changed_at BIGINT,
            last_login_notice_at BIGINT,
            last_new_browser_notice_at BIGINT
        )
        """,
        // Browsers that completed a login for this customer: the SHA-256 of a long-lived
        // random cookie, never the cookie itself nor anything read from the device.
        """
        CREATE TABLE known_browsers (
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            browser_hash TEXT NOT NULL,
            first_seen_at BIGINT NOT NULL,
            last_seen_at BIGINT NOT NULL,
            PRIMARY KEY (customer_id, browser_hash)
        )
        """,
        // What was decided for each full login: sent (with the mail), off, or throttled.
        // `session_hash` is the session's token hash, which transfer_confirmations keep, so
        // the 補償判定資料 finds the notice of the session that made a transfer.
        """
        CREATE TABLE login_notices (
            id $ID,
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            session_hash TEXT NOT NULL,
            logged_in_at BIGINT NOT NULL,
            ip TEXT NOT NULL DEFAULT '',
            user_agent TEXT NOT NULL DEFAULT '',
            new_browser INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            recipient TEXT,
            message_id TEXT
        )
        """,
        "CREATE INDEX login_notices_session ON login_notices (session_hash)",
        "CREATE INDEX login_notices_customer ON login_notices (customer_id, logged_in_at)",
    ])
}
