extension Migrations {
    /// `Idempotency-Key` of the JSON API (POST /api/v1/transfers), as Stripe and
    /// draft-ietf-httpapi-idempotency-key-header keep them: one row per customer and key, with
    /// a keyed fingerprint of the request (the body holds passwords, so a plain SHA-256 of it
    /// could be brute-forced from a copy of the database), the state (`in_progress` while a
    /// request holds the lease in `locked_until`, then `completed`), and the first answer's
    /// status and body, replayed verbatim until `expires_at`.
    ///
    /// The row is NOT written in the transfer's transaction, on purpose: the transfer is made
    /// exactly once by its quote (the 確認画面's nonce, claimed in the posting's transaction),
    /// whatever the key table says. The key row only decides which answer a replay gets, and
    /// keeps a parallel replay from checking the passwords a second time. A process that dies
    /// holding the lease leaves an `in_progress` row; once the lease has run out, a replay takes
    /// it over and runs the quote again, which pays nothing new and answers with the first transfer.
    static let apiIdempotency = Migration(version: 16, name: "api_idempotency", statements: [
        """
        CREATE TABLE api_idempotency (
            id $ID,
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            idempotency_key TEXT NOT NULL,
            operation TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'in_progress',
            locked_until BIGINT,
            response_status BIGINT,
            response_body TEXT,
            reception_number TEXT,
            created_at BIGINT NOT NULL,
            completed_at BIGINT,
            expires_at BIGINT NOT NULL,
            UNIQUE (customer_id, idempotency_key)
        )
        """,
        "CREATE INDEX api_idempotency_expiry ON api_idempotency (expires_at)",
    ])
}
