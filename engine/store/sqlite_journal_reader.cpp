#include "engine/store/sqlite_journal_reader.h"

#include "engine/platform/codec.h"
#include "engine/store/journal_schema.h"
#include "engine/store/sqlite_db.h"
#include "engine/store/sqlite_journal_cursor.h"
#include "engine/store/sqlite_stmt.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace cd::store {

namespace {

// file: URIs need '%', '?' and '#' (and, to be safe, anything unusual) escaped.
std::string uriPath(const std::string& path)
{
    std::error_code ec;
    const std::string absolute = std::filesystem::absolute(path, ec).string();
    static constexpr char Digits[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : ec ? path : absolute) {
        const auto b = static_cast<unsigned char>(c);
        const bool plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '/'
            || b == '-' || b == '_' || b == '.' || b == '~';
        if (plain) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(Digits[b >> 4]);
            out.push_back(Digits[b & 0xf]);
        }
    }
    return out;
}

bool exists(const std::string& path)
{
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

} // namespace

SqliteJournalReader::SqliteJournalReader()
    : m_db(std::make_unique<SqliteDb>())
    , m_codec(std::make_unique<platform::EntryCodec>())
{ }

SqliteJournalReader::~SqliteJournalReader() = default;

sqlite3* SqliteJournalReader::handle() const
{
    return m_db->handle();
}

std::unique_ptr<SqliteJournalReader> SqliteJournalReader::open(
    const std::string& path, std::string& error, const ReaderOptions& options)
{
    {
        // A clear message for a missing or unreadable file (SQLite's is vague).
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            error = path + ": cannot open: is a directory";
            return nullptr;
        }
        std::ifstream probe(path, std::ios::binary);
        if (!probe) {
            error = path + ": cannot open: " + std::strerror(errno);
            return nullptr;
        }
    }
    std::unique_ptr<SqliteJournalReader> reader(new SqliteJournalReader());
    reader->m_path = path;
    // immutable=1 only when no -wal (whose committed content must be read)
    // and no -journal (a hot journal means the main file alone is not
    // consistent) is beside the file.
    reader->m_immutable = options.immutableWhenPossible && !exists(path + "-wal") && !exists(path + "-journal");
    const std::string uri = "file:" + uriPath(path) + "?mode=ro" + (reader->m_immutable ? "&immutable=1" : "");
    std::string reason;
    SqliteDb& db = *reader->m_db;
    if (!db.open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, reason)) {
        error = path + ": not a usable SQLite journal: " + reason;
        return nullptr;
    }
    // Evidence: never checkpoint (not even on close), never write; and do not
    // trust functions a foreign schema might call.
    sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db.handle(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    if (!db.exec("PRAGMA query_only=1", reason)) {
        error = path + ": not a usable SQLite journal: " + reason;
        return nullptr;
    }
    if (!JournalSchema::check(db.handle(), reader->m_meta, reader->m_formatVersion, reason)) {
        error = path + ": " + reason;
        return nullptr;
    }
    return reader;
}

bool SqliteJournalReader::info(JournalInfo& out, std::string& error)
{
    SqliteStmt stmt;
    std::string reason;
    if (!stmt.prepare(m_db->handle(), "SELECT count(*), min(sequence), max(sequence) FROM events", reason)) {
        error = m_path + ": read failed: " + reason;
        return false;
    }
    if (stmt.step() != SQLITE_ROW) {
        error = m_path + ": read failed: " + m_db->lastError();
        return false;
    }
    out.meta = m_meta;
    out.formatVersion = m_formatVersion;
    out.count = stmt.columnInt64(0);
    out.firstSequence.reset();
    out.lastSequence.reset();
    if (out.count > 0) {
        out.firstSequence = stmt.columnInt64(1);
        out.lastSequence = stmt.columnInt64(2);
    }
    return true;
}

bool SqliteJournalReader::sequenceBounds(
    std::optional<std::int64_t>& first, std::optional<std::int64_t>& last, std::string& error)
{
    SqliteStmt stmt;
    std::string reason;
    if (!stmt.prepare(m_db->handle(),
            "SELECT (SELECT sequence FROM events ORDER BY sequence LIMIT 1), "
            "(SELECT sequence FROM events ORDER BY sequence DESC LIMIT 1)",
            reason)
        || stmt.step() != SQLITE_ROW) {
        error = m_path + ": read failed: " + (reason.empty() ? m_db->lastError() : reason);
        return false;
    }
    first.reset();
    last.reset();
    if (stmt.columnType(0) == SQLITE_INTEGER) {
        first = stmt.columnInt64(0);
        last = stmt.columnInt64(1);
    }
    return true;
}

bool SqliteJournalReader::forEach(
    const ReadRange& range, const std::function<bool(const platform::Entry&)>& onEntry, std::string& error)
{
    auto cursor = scan(range, error);
    if (!cursor)
        return false;
    platform::Entry entry;
    std::string reason;
    for (;;) {
        switch (cursor->next(entry, reason)) {
        case SqliteJournalCursor::Status::Entry:
            if (!onEntry(entry))
                return true;
            break;
        case SqliteJournalCursor::Status::Invalid:
            error = m_path + ": sequence " + std::to_string(cursor->sequence()) + ": " + reason;
            return false;
        case SqliteJournalCursor::Status::End:
            return true;
        case SqliteJournalCursor::Status::Failed:
            error = cursor->error();
            return false;
        }
    }
}

std::unique_ptr<SqliteJournalCursor> SqliteJournalReader::scan(
    const ReadRange& range, std::string& error, bool validate)
{
    std::string sql = "SELECT sequence, id, wall_ms, mono_ms, type, tenant_id, data FROM events";
    std::string where;
    auto add = [&where](const char* condition) {
        where += where.empty() ? " WHERE " : " AND ";
        where += condition;
    };
    if (range.tenantId)
        add("tenant_id = ?1");
    if (range.fromSequence)
        add("sequence >= ?2");
    if (range.toSequence)
        add("sequence <= ?3");
    sql += where + " ORDER BY sequence";
    SqliteStmt stmt;
    std::string reason;
    if (!stmt.prepare(m_db->handle(), sql, reason)) {
        error = m_path + ": read failed: " + reason;
        return nullptr;
    }
    if (range.tenantId) {
        // Bound without copy: keep the text alive in the cursor's statement by
        // binding a transient copy instead.
        sqlite3_bind_text64(
            stmt.get(), 1, range.tenantId->data(), range.tenantId->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    if (range.fromSequence)
        stmt.bindInt64(2, *range.fromSequence);
    if (range.toSequence)
        stmt.bindInt64(3, *range.toSequence);
    return std::make_unique<SqliteJournalCursor>(std::move(stmt), *m_codec, m_path, validate);
}

} // namespace cd::store
