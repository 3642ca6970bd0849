extension Migrations {
    /// The national holidays the business-day calendar reads (the Cabinet Office's list), and
    /// which years they cover: a year is known only as a whole (`holiday_years`), so a year
    /// missing from the list is told apart from a year without holidays. `source` says where the
    /// year came from (`bundled`, or the imported file's name).
    static let holidays = Migration(version: 10, name: "holidays", statements: [
        """
        CREATE TABLE holiday_years (
            year INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            imported_at BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE holidays (
            day TEXT PRIMARY KEY,
            year INTEGER NOT NULL REFERENCES holiday_years(year),
            name TEXT NOT NULL
        )
        """,
        "CREATE INDEX holidays_year ON holidays (year, day)",
    ])
}
