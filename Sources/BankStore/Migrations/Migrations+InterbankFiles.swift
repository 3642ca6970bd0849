extension Migrations {
    /// 全銀 総合振込 files handed to the interbank batch: one row per file with its exact bytes
    /// (base64, so a re-export is the same file), and on each transfer the file that carried it.
    /// A transfer is marked in the same transaction as its file's row is written.
    static let interbankFiles = Migration(version: 14, name: "interbank_files", statements: [
        """
        CREATE TABLE interbank_files (
            id $ID,
            name TEXT NOT NULL UNIQUE,
            business_date TEXT NOT NULL,
            transfer_date TEXT NOT NULL,
            transfers INTEGER NOT NULL,
            total_amount BIGINT NOT NULL,
            encoding TEXT NOT NULL,
            line_ending INTEGER NOT NULL,
            content TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            created_by TEXT NOT NULL
        )
        """,
        "CREATE INDEX interbank_files_date ON interbank_files (business_date, id)",
        "ALTER TABLE transfers ADD COLUMN interbank_file TEXT",
        "CREATE INDEX transfers_interbank_file ON transfers (interbank_file)",
    ])
}
