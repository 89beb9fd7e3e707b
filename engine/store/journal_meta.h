#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cd::store {

// The three interchange formats of journal-format.md, detected from content.
enum class JournalFormat { Sqlite, Ndjson, Phyxius };

// "sqlite", "ndjson" or "phyxius": for summaries and JSON output.
std::string_view formatName(JournalFormat format);

// The format version this code reads and writes.
inline constexpr int JournalFormatVersion = 1;

// What a journal knows about itself (the journal_meta rows).
struct JournalMeta {
    std::string journalId;
    std::int64_t createdWallMs = 0;
    // Only a Phyxius export (createdAt) or a writer that was given one knows
    // the monotonic part; stored as the optional 'created_mono_ms' meta row.
    std::optional<std::int64_t> createdMonoMs;
};

// Counts and ranges of a SQLite journal.
struct JournalInfo {
    JournalMeta meta;
    int formatVersion = JournalFormatVersion;
    std::int64_t count = 0;
    std::optional<std::int64_t> firstSequence;
    std::optional<std::int64_t> lastSequence;
};

} // namespace cd::store
