#include "engine/store/sqlite_db.h"

#include <sqlite3.h>

namespace cd::store {

SqliteDb::~SqliteDb()
{
    close();
}

bool SqliteDb::open(const std::string& filename, int flags, std::string& error)
{
    close();
    const int rc = sqlite3_open_v2(filename.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        error = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        close();
        return false;
    }
    sqlite3_extended_result_codes(m_db, 1);
    return true;
}

void SqliteDb::close()
{
    if (m_db) {
        // Statements are owned by SqliteStmt objects that must be gone by now;
        // close_v2 still defers safely if one is not.
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

bool SqliteDb::exec(const char* sql, std::string& error)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        error = message ? message : lastError();
        sqlite3_free(message);
        return false;
    }
    return true;
}

std::string SqliteDb::lastError() const
{
    return m_db ? sqlite3_errmsg(m_db) : "no database";
}

} // namespace cd::store
