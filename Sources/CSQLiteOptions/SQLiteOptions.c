#include "CSQLiteOptions.h"
#include "sqlite_nio_sqlite3.h"

int kyoei_sqlite_keep_plans(struct sqlite3 *db) {
    int holds = 0;
    int status = sqlite_nio_sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_QPSG, 1, &holds);
    if (status != SQLITE_OK) return status;
    return holds == 1 ? SQLITE_OK : SQLITE_ERROR;
}
