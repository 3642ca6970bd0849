extension Migrations {
    static let mailOutbox = Migration(version: 2, name: "mail_outbox", statements: [
        """
        CREATE TABLE mail_outbox (
            id $ID,
            message_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            customer_id BIGINT,
            from_address TEXT NOT NULL,
            recipients TEXT NOT NULL,
            data TEXT NOT NULL,
            urgent INTEGER NOT NULL DEFAULT 0,
            contains_secret INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'queued',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at BIGINT NOT NULL,
            claimed_until BIGINT,
            last_error TEXT,
            expires_at BIGINT,
            created_at BIGINT NOT NULL,
            sent_at BIGINT
        )
        """,
        "CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at)",
    ])

    /// The extra factors (notice: どちらか一方): one-time password tokens, and the switch of
    /// the メール通知パスワード. A token row is never deleted: ended tokens stay for the audit
    /// trail and the compensation report.
}
