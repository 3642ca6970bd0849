extension Migrations {
    /// Maker-checker: what one member of staff asked for and which 役席 decided it. `target`
    /// names what the request is about within its kind (the credential of an unlock, `pc` or
    /// `mobile` for an address change, whose new address is `new_value`), so one pending
    /// request per customer, kind and target holds even when two clerks ask at the same instant.
    static let accessRequests = Migration(version: 6, name: "access_requests", statements: [
        """
        CREATE TABLE access_requests (
            id $ID,
            customer_id BIGINT NOT NULL REFERENCES customers(id),
            kind TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            amount BIGINT,
            reason TEXT NOT NULL,
            identity_document TEXT,
            identity_note TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL,
            requested_by BIGINT NOT NULL REFERENCES staff(id),
            requested_at BIGINT NOT NULL,
            decided_by BIGINT REFERENCES staff(id),
            decided_at BIGINT,
            decision_note TEXT NOT NULL DEFAULT '',
            outcome TEXT NOT NULL DEFAULT '',
            new_value TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE UNIQUE INDEX access_requests_one_pending ON access_requests (customer_id, kind, target) WHERE status = 'pending'",
        "CREATE INDEX access_requests_status ON access_requests (status, requested_at)",
        "CREATE INDEX access_requests_customer ON access_requests (customer_id, requested_at)",
        // One-time tokens of back-office forms that create something (口座開設, 顧客新規登録):
        // the first submission records what it made; a second one finds the row and shows that
        // instead of making it again. Keyed by the SHA-256 of the token.
        """
        CREATE TABLE staff_form_tokens (
            token_hash TEXT PRIMARY KEY,
            staff_id BIGINT NOT NULL REFERENCES staff(id),
            purpose TEXT NOT NULL,
            result TEXT NOT NULL DEFAULT '',
            created_at BIGINT NOT NULL
        )
        """,
    ])
}
