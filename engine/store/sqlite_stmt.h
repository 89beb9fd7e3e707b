#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace cd::store {

// Owns one prepared statement.
class SqliteStmt {
public:
    SqliteStmt() = default;
    ~SqliteStmt();
    SqliteStmt(const SqliteStmt&) = delete;
    SqliteStmt& operator=(const SqliteStmt&) = delete;
    SqliteStmt(SqliteStmt&& other) noexcept;
    SqliteStmt& operator=(SqliteStmt&& other) noexcept;

    bool prepare(sqlite3* db, std::string_view sql, std::string& error);
    void finalize();
    bool valid() const { return m_stmt != nullptr; }
    sqlite3_stmt* get() const { return m_stmt; }

    // Indexes are 1-based like SQLite's. Text is bound without a copy: it
    // must stay alive until the statement is stepped and reset.
    void bindInt64(int index, std::int64_t value);
    void bindText(int index, std::string_view text);
    void bindNull(int index);
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step();
    void reset();

    int columnType(int index) const;
    std::int64_t columnInt64(int index) const;
    // Valid until the next step/reset.
    std::string_view columnText(int index) const;

private:
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace cd::store
