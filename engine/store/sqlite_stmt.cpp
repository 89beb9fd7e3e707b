#include "engine/store/sqlite_stmt.h"

#include <sqlite3.h>

#include <utility>

namespace cd::store {

SqliteStmt::~SqliteStmt()
{
    finalize();
}

SqliteStmt::SqliteStmt(SqliteStmt&& other) noexcept
    : m_stmt(std::exchange(other.m_stmt, nullptr))
{ }

SqliteStmt& SqliteStmt::operator=(SqliteStmt&& other) noexcept
{
    if (this != &other) {
        finalize();
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

bool SqliteStmt::prepare(sqlite3* db, std::string_view sql, std::string& error)
{
    finalize();
    if (sqlite3_prepare_v3(db, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) != SQLITE_OK) {
        error = sqlite3_errmsg(db);
        finalize();
        return false;
    }
    return true;
}

void SqliteStmt::finalize()
{
    if (m_stmt) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

void SqliteStmt::bindInt64(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStmt::bindText(int index, std::string_view text)
{
    // A null pointer would bind SQL NULL; an empty string must stay a string.
    const char* data = text.data() ? text.data() : "";
    sqlite3_bind_text64(m_stmt, index, data, text.size(), SQLITE_STATIC, SQLITE_UTF8);
}

void SqliteStmt::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
}

int SqliteStmt::step()
{
    return sqlite3_step(m_stmt);
}

void SqliteStmt::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int SqliteStmt::columnType(int index) const
{
    return sqlite3_column_type(m_stmt, index);
}

std::int64_t SqliteStmt::columnInt64(int index) const
{
    return sqlite3_column_int64(m_stmt, index);
}

std::string_view SqliteStmt::columnText(int index) const
{
    const auto* text = sqlite3_column_text(m_stmt, index);
    if (!text)
        return {};
    return { reinterpret_cast<const char*>(text), std::size_t(sqlite3_column_bytes(m_stmt, index)) };
}

} // namespace cd::store
