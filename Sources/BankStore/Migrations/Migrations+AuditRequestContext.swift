extension Migrations {
    /// The request behind each audit row (issue 19): `request_id` is the id the access log and
    /// the X-Request-ID response header carry, so an operator goes from a log line to the row
    /// and back; `channel` says through which door the action came (web, api, staff, cli).
    /// Rows written before this migration read as web with no request id.
    static let auditRequestContext = Migration(version: 17, name: "audit_request_context", statements: [
        "ALTER TABLE audit_events ADD COLUMN request_id TEXT",
        "ALTER TABLE audit_events ADD COLUMN channel TEXT NOT NULL DEFAULT 'web'",
        "CREATE INDEX audit_events_request ON audit_events (request_id) WHERE request_id IS NOT NULL",
    ])
}
