extension Migrations {
    static let extraFactors = Migration(version: 3, name: "extra_factors", statements: [
        """
        CREATE TABLE otp_tokens (
            id $ID,
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            user_id TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL,
            mobile_email TEXT NOT NULL,
            activation_hash TEXT NOT NULL,
            secret_sealed TEXT,
            last_accepted_step BIGINT,
            issued_at BIGINT NOT NULL,
            setup_expires_at BIGINT NOT NULL,
            provisioned_at BIGINT,
            activated_at BIGINT,
            ended_at BIGINT,
            end_reason TEXT
        )
        """,
        "CREATE INDEX otp_tokens_customer ON otp_tokens (customer_id, id)",
        // At most one live token per customer, whatever races.
        """
        CREATE UNIQUE INDEX otp_tokens_one_live ON otp_tokens (customer_id)
        WHERE status IN ('issued', 'provisioned', 'active')
        """,
        """
        CREATE TABLE mail_password_settings (
            customer_id BIGINT PRIMARY KEY REFERENCES customers(id),
            address TEXT NOT NULL,
            enabled_at BIGINT NOT NULL
        )
        """,
    ])

    /// 振込・振替: the bank/branch master, payees, the メール通知パスワード, confirmations
    /// (one nonce per 確認画面) and transfers, with the bank's internal clearing and fee accounts.
}
