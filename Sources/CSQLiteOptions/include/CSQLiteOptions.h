#ifndef KYOEI_CSQLITE_OPTIONS_H
#define KYOEI_CSQLITE_OPTIONS_H

/// Per-connection SQLite settings that only C can make: sqlite3_db_config is variadic,
/// and Swift cannot call a variadic C function.
struct sqlite3;

/// Turns on the query planner stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG): a
/// statement's plan never depends on the values bound to it, so a kept statement is never
/// prepared again because a value changed. Returns SQLITE_OK (0) when the setting holds.
int kyoei_sqlite_keep_plans(struct sqlite3 *db);

#endif
