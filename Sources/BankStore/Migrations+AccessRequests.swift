extension Migrations {
    /// Maker-checker: what one member of staff asked for and which 役席 decided it. `target`
    /// names what the request is about within its kind (the credential of an unlock, the
    /// amount of a limit), so one pending request per customer, kind and target is enforced
    /// by the database even when two clerks ask at the same instant.
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
            outcome TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE UNIQUE INDEX access_requests_one_pending ON access_requests (customer_id, kind, target) WHERE status = 'pending'",
        "CREATE INDEX access_requests_status ON access_requests (status, requested_at)",
        "CREATE INDEX access_requests_customer ON access_requests (customer_id, requested_at)",
    ])
}
