#pragma once

#include <string>

struct sqlite3;

namespace cd::store {

// Owns one sqlite3 connection. Connections are per thread (design.md).
class SqliteDb {
public:
    SqliteDb() = default;
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    // flags as for sqlite3_open_v2; error is SQLite's message.
    bool open(const std::string& filename, int flags, std::string& error);
    void close();
    bool exec(const char* sql, std::string& error);
    sqlite3* handle() const { return m_db; }
    std::string lastError() const;

private:
    sqlite3* m_db = nullptr;
};

} // namespace cd::store
