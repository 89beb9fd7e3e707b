#pragma once

#include "engine/platform/entry.h"
#include "engine/store/sqlite_stmt.h"

#include <cstdint>
#include <string>

namespace cd::platform {
class EntryCodec;
class StringPool;
struct Event;
} // namespace cd::platform

namespace cd::store {

// A scan over the events table, made by SqliteJournalReader::scan().
class SqliteJournalCursor {
public:
    enum class Status {
        Entry, // entry holds the next valid row
        Invalid, // the row at sequence() is invalid; reason says why (no file/place)
        End,
        Failed // SQLite failed; error() says why, with the file
    };

    SqliteJournalCursor(SqliteStmt stmt, platform::EntryCodec& codec, std::string path, bool validate);

    // event/pool: filled by the codec when given (validating scans only).
    Status next(platform::Entry& entry, std::string& reason, platform::Event* event = nullptr,
        platform::StringPool* pool = nullptr);

    // The sequence of the row just read.
    std::int64_t sequence() const { return m_sequence; }
    // The row just read, as an entry object with the data text verbatim (for
    // rejected-entry logs); rawIsUtf8() false when it holds invalid UTF-8.
    const std::string& raw();
    bool rawIsUtf8();
    const std::string& error() const { return m_error; }

private:
    void buildRaw();
    bool checkCopies(const platform::Entry& entry, std::string& reason);

    SqliteStmt m_stmt;
    platform::EntryCodec& m_codec;
    std::string m_path;
    bool m_validate;
    std::int64_t m_sequence = 0;
    std::string m_raw;
    bool m_rawIsUtf8 = true;
    std::string m_error;
    std::string m_minified;
    std::string m_scratch;
};

} // namespace cd::store
