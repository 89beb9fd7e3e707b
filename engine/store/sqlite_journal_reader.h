#pragma once

#include "engine/store/journal_meta.h"

#include "engine/platform/entry.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

struct sqlite3;

namespace cd::platform {
class EntryCodec;
}

namespace cd::store {

class SqliteJournalCursor;
class SqliteDb;

struct ReaderOptions {
    // With no -wal/-journal file beside the journal, open it immutable=1:
    // SQLite then takes no lock and creates no -wal/-shm beside the evidence.
    // Turn off for a journal that another connection may be writing (the live
    // demo journal): immutable would let it read stale pages.
    bool immutableWhenPossible = true;
};

// Which rows a scan returns; bounds are inclusive. A tenant scan uses the
// events_by_tenant index.
struct ReadRange {
    std::optional<std::int64_t> fromSequence;
    std::optional<std::int64_t> toSequence;
    std::optional<std::string> tenantId;
};

// Opens a format-1 SQLite journal read-only (journal-format.md: evidence is
// never modified). The URI is file:PATH?mode=ro (plus immutable=1, see
// ReaderOptions), with PRAGMA query_only=1 and no checkpoint on close, so
// neither the file nor its -wal change; committed WAL content is read. A -shm
// may appear where SQLite needs one to read a -wal.
// One reader per thread; its cursors must not outlive it.
class SqliteJournalReader {
public:
    // error: "PATH: cannot open: ...", "PATH: not a usable SQLite journal: ...",
    // "PATH: not a Chronodesk journal: ...", "PATH: newer format version N
    // (this reader knows 1)".
    static std::unique_ptr<SqliteJournalReader> open(
        const std::string& path, std::string& error, const ReaderOptions& options = {});
    ~SqliteJournalReader();
    SqliteJournalReader(const SqliteJournalReader&) = delete;
    SqliteJournalReader& operator=(const SqliteJournalReader&) = delete;

    const std::string& path() const { return m_path; }
    const JournalMeta& meta() const { return m_meta; }
    int formatVersion() const { return m_formatVersion; }
    // True when the file was opened immutable (no -wal beside it).
    bool immutable() const { return m_immutable; }

    // Count and first/last sequence (the count reads the whole table).
    bool info(JournalInfo& out, std::string& error);
    // First and last sequence only: two index seeks, whatever the size.
    bool sequenceBounds(std::optional<std::int64_t>& first, std::optional<std::int64_t>& last, std::string& error);

    // Streams rows in sequence order. validate: run EntryCodec::decodeData on
    // each row (and check the type/tenant_id copies); without it only column
    // types and UTF-8 are checked (for trusted, fast paths).
    std::unique_ptr<SqliteJournalCursor> scan(const ReadRange& range, std::string& error, bool validate = true);

    // Calls onEntry for every valid row in order until it returns false. An
    // invalid row stops the walk: false, error "PATH: sequence N: reason".
    bool forEach(
        const ReadRange& range, const std::function<bool(const platform::Entry&)>& onEntry, std::string& error);

    // The read-only connection, for extra read queries by this thread.
    sqlite3* handle() const;

private:
    SqliteJournalReader();

    std::unique_ptr<SqliteDb> m_db;
    std::unique_ptr<platform::EntryCodec> m_codec;
    std::string m_path;
    JournalMeta m_meta;
    int m_formatVersion = JournalFormatVersion;
    bool m_immutable = false;
};

} // namespace cd::store
