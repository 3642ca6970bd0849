extension Migrations {
    /// 事務管理部: staff accounts (password and TOTP, their own lockout) and staff sessions,
    /// kept apart from customers' so that no customer session can ever open a staff page.
    /// Indexes on the audit trail let the back office filter it by staff member and event.
    static let staff = Migration(version: 5, name: "staff", statements: [
        """
        CREATE TABLE staff (
            id $ID,
            staff_id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            totp_secret_sealed TEXT NOT NULL,
            last_accepted_step BIGINT,
            failures INTEGER NOT NULL DEFAULT 0,
            locked_at BIGINT,
            created_at BIGINT NOT NULL,
            created_by TEXT NOT NULL,
            disabled_at BIGINT
        )
        """,
        // stage: 'password' (the TOTP code is still owed) or 'authenticated'.
        """
        CREATE TABLE staff_sessions (
            token_hash TEXT PRIMARY KEY,
            staff_id BIGINT NOT NULL REFERENCES staff(id),
            stage TEXT NOT NULL,
            csrf_token TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            last_seen_at BIGINT NOT NULL,
            ip TEXT NOT NULL DEFAULT '',
            user_agent TEXT NOT NULL DEFAULT ''
        )
        """,
        "CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id)",
        "CREATE INDEX staff_sessions_last_seen ON staff_sessions (last_seen_at)",
        "CREATE INDEX audit_events_actor ON audit_events (actor, at)",
        "CREATE INDEX audit_events_event ON audit_events (event, at)",
    ])
}
