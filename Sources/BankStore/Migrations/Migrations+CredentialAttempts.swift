extension Migrations {
    /// Checks of a slow password in flight, apart from the failure count. Before this, an
    /// attempt was counted as a failure before its check, so right passwords arriving together
    /// were refused as "locked" and a crash mid-check left a failure nobody made. Now a check
    /// holds a reservation while it runs; the failure is counted only once the password was
    /// found wrong, and a reservation whose process died expires at `expires_at`.
    /// `subject` names the counter: `customer:<id>:<credential>` or `staff:<id>`.
    static let credentialAttempts = Migration(version: 8, name: "credential_attempts", statements: [
        """
        CREATE TABLE credential_attempts (
            id $ID,
            subject TEXT NOT NULL,
            expires_at BIGINT NOT NULL
        )
        """,
        "CREATE INDEX credential_attempts_subject ON credential_attempts (subject, expires_at)",
    ])
}
