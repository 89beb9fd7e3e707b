#pragma once

#include "engine/platform/entry.h"
#include "engine/store/sqlite_journal_reader.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cd::history {

// Reads whole entries (id, timestamps, data text) back from the journal for
// the few places that print them (explain, audit). The index keeps only what
// the fold needs, so the entry text stays on disk.
class EntryFetcher {
public:
    virtual ~EntryFetcher();
    // Appends to out the entries with these sequences (ascending), all of
    // tenant tenantId, in sequence order. False with error (naming the file
    // and place) when one cannot be read or no longer matches.
    virtual bool fetch(std::span<const std::int64_t> sequences, std::string_view tenantId,
        std::vector<platform::Entry>& out, std::string& error)
        = 0;
};

// Re-reads the journal file (any format) with a tenant and sequence-range
// filter: a SQLite journal answers from events_by_tenant; a text file is
// scanned up to the last wanted sequence.
class SourceEntryFetcher : public EntryFetcher {
public:
    explicit SourceEntryFetcher(std::string path, store::ReaderOptions options = {});
    bool fetch(std::span<const std::int64_t> sequences, std::string_view tenantId, std::vector<platform::Entry>& out,
        std::string& error) override;

private:
    std::string m_path;
    store::ReaderOptions m_options;
};

// Entries held in memory (tests, small live journals), in sequence order.
class MemoryEntryFetcher : public EntryFetcher {
public:
    explicit MemoryEntryFetcher(std::vector<platform::Entry> entries);
    bool fetch(std::span<const std::int64_t> sequences, std::string_view tenantId, std::vector<platform::Entry>& out,
        std::string& error) override;

private:
    std::vector<platform::Entry> m_entries;
};

} // namespace cd::history
