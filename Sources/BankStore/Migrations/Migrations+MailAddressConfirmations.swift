extension Migrations {
    /// メールアドレス変更 by the customer: a change waits here until the link mailed to the new
    /// address is opened and confirmed. Only the SHA-256 of the link's token is stored, so a
    /// copy of the database (or of its backups) cannot confirm anything. A row is never
    /// deleted: `status` says how it ended (`pending`, `confirmed`, `voided` by a newer request
    /// or another change of the address), for the audit trail.
    static let mailAddressConfirmations = Migration(version: 12, name: "mail_address_confirmations", statements: [
        """
        CREATE TABLE mail_address_confirmations (
            id $ID,
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            kind TEXT NOT NULL,
            new_address TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL DEFAULT 'pending',
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            ended_at BIGINT
        )
        """,
        "CREATE INDEX mail_address_confirmations_customer ON mail_address_confirmations (customer_id, status)",
    ])
}
