#include "engine/store/journal_schema.h"

#include "engine/store/sqlite_stmt.h"

#include <sqlite3.h>

#include <array>
#include <charconv>
#include <map>
#include <optional>

namespace cd::store {

namespace {

constexpr const char* SchemaSql = R"sql(
CREATE TABLE journal_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE events (
  sequence  INTEGER PRIMARY KEY,
  id        TEXT    NOT NULL,
  wall_ms   INTEGER NOT NULL,
  mono_ms   INTEGER NOT NULL,
  type      TEXT    NOT NULL,
  tenant_id TEXT,
  data      TEXT    NOT NULL
);
CREATE INDEX events_by_tenant ON events (tenant_id, sequence);
)sql";

constexpr std::array<const char*, 7> EventColumns { "sequence", "id", "wall_ms", "mono_ms", "type", "tenant_id",
    "data" };

std::optional<std::int64_t> parseInteger(const std::string& text)
{
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || text.empty())
        return std::nullopt;
    return value;
}

bool putMeta(SqliteStmt& stmt, std::string_view key, const std::string& value, std::string& error, sqlite3* db)
{
    stmt.bindText(1, key);
    stmt.bindText(2, value);
    const int rc = stmt.step();
    stmt.reset();
    if (rc != SQLITE_DONE) {
        error = sqlite3_errmsg(db);
        return false;
    }
    return true;
}

// SQLite's own errors (not a database, malformed, unreadable) while checking.
std::string sqliteFailure(sqlite3* db)
{
    return std::string("not a usable SQLite journal: ") + sqlite3_errmsg(db);
}

bool tableExists(sqlite3* db, const char* name, bool& exists, std::string& error)
{
    SqliteStmt stmt;
    if (!stmt.prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", error)) {
        error = sqliteFailure(db);
        return false;
    }
    stmt.bindText(1, name);
    const int rc = stmt.step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        error = sqliteFailure(db);
        return false;
    }
    exists = rc == SQLITE_ROW;
    return true;
}

} // namespace

bool JournalSchema::create(sqlite3* db, const JournalMeta& meta, std::string& error)
{
    char* message = nullptr;
    if (sqlite3_exec(db, SchemaSql, nullptr, nullptr, &message) != SQLITE_OK) {
        error = message ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        return false;
    }
    SqliteStmt stmt;
    if (!stmt.prepare(db, "INSERT INTO journal_meta (key, value) VALUES (?, ?)", error))
        return false;
    if (!putMeta(stmt, "format", "chronodesk-journal", error, db)
        || !putMeta(stmt, "format_version", std::to_string(JournalFormatVersion), error, db))
        return false;
    return writeMeta(db, meta, error);
}

bool JournalSchema::writeMeta(sqlite3* db, const JournalMeta& meta, std::string& error)
{
    SqliteStmt stmt;
    if (!stmt.prepare(db, "INSERT OR REPLACE INTO journal_meta (key, value) VALUES (?, ?)", error))
        return false;
    if (!putMeta(stmt, "journal_id", meta.journalId, error, db)
        || !putMeta(stmt, "created_wall_ms", std::to_string(meta.createdWallMs), error, db))
        return false;
    if (meta.createdMonoMs)
        return putMeta(stmt, "created_mono_ms", std::to_string(*meta.createdMonoMs), error, db);
    SqliteStmt remove;
    if (!remove.prepare(db, "DELETE FROM journal_meta WHERE key = 'created_mono_ms'", error))
        return false;
    if (remove.step() != SQLITE_DONE) {
        error = sqlite3_errmsg(db);
        return false;
    }
    return true;
}

bool JournalSchema::check(sqlite3* db, JournalMeta& meta, int& formatVersion, std::string& error)
{
    bool hasMeta = false;
    bool hasEvents = false;
    if (!tableExists(db, "journal_meta", hasMeta, error) || !tableExists(db, "events", hasEvents, error))
        return false;
    if (!hasMeta) {
        error = "not a Chronodesk journal: no journal_meta table";
        return false;
    }
    std::map<std::string, std::string, std::less<>> rows;
    SqliteStmt stmt;
    if (!stmt.prepare(db, "SELECT key, value FROM journal_meta", error)) {
        error = "not a Chronodesk journal: journal_meta is not (key, value): " + error;
        return false;
    }
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW)
        rows.emplace(std::string(stmt.columnText(0)), std::string(stmt.columnText(1)));
    if (rc != SQLITE_DONE) {
        error = sqliteFailure(db);
        return false;
    }
    const auto format = rows.find("format");
    if (format == rows.end()) {
        error = "not a Chronodesk journal: journal_meta has no 'format' row";
        return false;
    }
    if (format->second != "chronodesk-journal") {
        error = "not a Chronodesk journal: format is '" + format->second + "'";
        return false;
    }
    const auto version = rows.find("format_version");
    const auto versionNumber = version == rows.end() ? std::nullopt : parseInteger(version->second);
    if (!versionNumber) {
        error = version == rows.end()
            ? "not a Chronodesk journal: journal_meta has no 'format_version' row"
            : "not a Chronodesk journal: format_version '" + version->second + "' is not an integer";
        return false;
    }
    if (*versionNumber > JournalFormatVersion) {
        error = "newer format version " + version->second + " (this reader knows "
            + std::to_string(JournalFormatVersion) + ")";
        return false;
    }
    if (*versionNumber < 1) {
        error = "unsupported format version " + version->second + " (this reader knows "
            + std::to_string(JournalFormatVersion) + ")";
        return false;
    }
    formatVersion = int(*versionNumber);
    const auto id = rows.find("journal_id");
    const auto created = rows.find("created_wall_ms");
    const auto createdMs = created == rows.end() ? std::nullopt : parseInteger(created->second);
    if (id == rows.end() || !createdMs) {
        error = id == rows.end() ? "not a Chronodesk journal: journal_meta has no 'journal_id' row"
                                 : "not a Chronodesk journal: 'created_wall_ms' is missing or not an integer";
        return false;
    }
    meta.journalId = id->second;
    meta.createdWallMs = *createdMs;
    const auto mono = rows.find("created_mono_ms");
    meta.createdMonoMs = mono == rows.end() ? std::nullopt : parseInteger(mono->second);

    if (!hasEvents) {
        error = "not a Chronodesk journal: no events table";
        return false;
    }
    SqliteStmt columns;
    if (!columns.prepare(db, "SELECT name FROM pragma_table_info('events')", error)) {
        error = sqliteFailure(db);
        return false;
    }
    std::map<std::string, bool, std::less<>> present;
    while ((rc = columns.step()) == SQLITE_ROW)
        present.emplace(std::string(columns.columnText(0)), true);
    if (rc != SQLITE_DONE) {
        error = sqliteFailure(db);
        return false;
    }
    for (const char* column : EventColumns) {
        if (!present.contains(column)) {
            error = std::string("not a Chronodesk journal: the events table has no '") + column + "' column";
            return false;
        }
    }
    return true;
}

} // namespace cd::store
