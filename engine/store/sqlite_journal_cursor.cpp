#include "engine/store/sqlite_journal_cursor.h"

#include "engine/platform/codec.h"
#include "engine/store/json_text.h"
#include "engine/store/text_encoding.h"

#include <sqlite3.h>

#include <utility>

namespace cd::store {

namespace {

enum Column { Sequence, Id, WallMs, MonoMs, Type, TenantId, Data };

const char* typeName(int sqliteType)
{
    switch (sqliteType) {
    case SQLITE_INTEGER:
        return "an integer";
    case SQLITE_FLOAT:
        return "a real";
    case SQLITE_TEXT:
        return "text";
    case SQLITE_BLOB:
        return "a blob";
    default:
        return "NULL";
    }
}

} // namespace

SqliteJournalCursor::SqliteJournalCursor(SqliteStmt stmt, platform::EntryCodec& codec, std::string path, bool validate)
    : m_stmt(std::move(stmt))
    , m_codec(codec)
    , m_path(std::move(path))
    , m_validate(validate)
{ }

void SqliteJournalCursor::buildRaw()
{
    auto appendColumn = [this](Column column, bool verbatimText) {
        const int type = m_stmt.columnType(column);
        if (type == SQLITE_NULL)
            m_raw += "null";
        else if (type == SQLITE_INTEGER || type == SQLITE_FLOAT || (type == SQLITE_TEXT && verbatimText))
            m_raw += m_stmt.columnText(column);
        else
            json::appendQuoted(m_raw, m_stmt.columnText(column));
    };
    m_raw.assign("{\"id\":");
    appendColumn(Id, false);
    m_raw += ",\"sequence\":" + std::to_string(m_sequence) + ",\"timestamp\":{\"wallMs\":";
    appendColumn(WallMs, false);
    m_raw += ",\"monoMs\":";
    appendColumn(MonoMs, false);
    m_raw += "},\"data\":";
    appendColumn(Data, true);
    m_raw += "}";
    m_rawIsUtf8 = isValidUtf8(m_raw);
}

const std::string& SqliteJournalCursor::raw()
{
    if (m_raw.empty())
        buildRaw();
    return m_raw;
}

bool SqliteJournalCursor::rawIsUtf8()
{
    raw();
    return m_rawIsUtf8;
}

bool SqliteJournalCursor::checkCopies(const platform::Entry& entry, std::string& reason)
{
    json::topLevelString(entry.data, "type", m_scratch);
    const std::string_view typeColumn = m_stmt.columnText(Type);
    if (m_stmt.columnType(Type) != SQLITE_TEXT || typeColumn != m_scratch) {
        reason = "type column '" + std::string(typeColumn) + "' does not match data.type '" + m_scratch + "'";
        return false;
    }
    const bool hasTenant = json::topLevelString(entry.data, "tenantId", m_scratch);
    const bool columnNull = m_stmt.columnType(TenantId) == SQLITE_NULL;
    if (hasTenant == columnNull || (hasTenant && m_stmt.columnText(TenantId) != m_scratch)) {
        reason = "tenant_id column "
            + (columnNull ? std::string("NULL") : "'" + std::string(m_stmt.columnText(TenantId)) + "'")
            + " does not match data.tenantId " + (hasTenant ? "'" + m_scratch + "'" : std::string("(absent)"));
        return false;
    }
    return true;
}

SqliteJournalCursor::Status SqliteJournalCursor::next(
    platform::Entry& entry, std::string& reason, platform::Event* event, platform::StringPool* pool)
{
    const int rc = m_stmt.step();
    if (rc == SQLITE_DONE)
        return Status::End;
    if (rc != SQLITE_ROW) {
        m_error = m_path + ": read failed: " + sqlite3_errstr(rc);
        return Status::Failed;
    }
    m_sequence = m_stmt.columnInt64(Sequence);
    m_raw.clear();
    auto invalid = [this, &reason](std::string why) {
        reason = std::move(why);
        buildRaw();
        return Status::Invalid;
    };
    struct Expected {
        Column column;
        int type;
        const char* name;
    };
    for (const auto& [column, type, name] :
        { Expected { Id, SQLITE_TEXT, "id" }, Expected { WallMs, SQLITE_INTEGER, "wall_ms" },
            Expected { MonoMs, SQLITE_INTEGER, "mono_ms" }, Expected { Data, SQLITE_TEXT, "data" } }) {
        const int actual = m_stmt.columnType(column);
        if (actual != type)
            return invalid(std::string(name) + ": expected " + typeName(type) + ", got " + typeName(actual));
    }
    // The same bounds as the text formats: integers within +-2^53.
    constexpr std::int64_t Limit = std::int64_t(1) << 53;
    if (m_sequence < 0 || m_sequence > Limit)
        return invalid("sequence: expected a non-negative integer within 2^53");
    for (const auto& [column, name] : { std::pair { WallMs, "wall_ms" }, std::pair { MonoMs, "mono_ms" } }) {
        const std::int64_t value = m_stmt.columnInt64(column);
        if (value < -Limit || value > Limit)
            return invalid(std::string(name) + ": " + std::to_string(value) + " is beyond +-2^53");
    }
    const std::string_view id = m_stmt.columnText(Id);
    const std::string_view data = m_stmt.columnText(Data);
    if (!isValidUtf8(id) || !isValidUtf8(data))
        return invalid("invalid UTF-8");
    if (m_validate) {
        if (!m_codec.decodeData(data, reason, event, pool, &m_minified))
            return invalid(reason);
        entry.data.assign(m_minified);
    } else {
        entry.data.assign(data);
    }
    entry.id.assign(id);
    entry.sequence = m_sequence;
    entry.wallMs = m_stmt.columnInt64(WallMs);
    entry.monoMs = m_stmt.columnInt64(MonoMs);
    if (m_validate && !checkCopies(entry, reason))
        return invalid(reason);
    return Status::Entry;
}

} // namespace cd::store
