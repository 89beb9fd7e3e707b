#pragma once

#include "engine/store/journal_meta.h"

#include <optional>
#include <string>
#include <string_view>

namespace cd::store {

// Format detection from content, never from the file name:
// - "SQLite format 3\0" header: a SQLite journal;
// - otherwise JSON: the first object's top-level keys decide. "entries",
//   "nextSequence" or "createdAt" mean a Phyxius export (pretty-printed or
//   not); "id", "sequence", "timestamp" or "data" mean NDJSON. Unknown keys
//   are skipped; an object that decides nothing is NDJSON (the importer then
//   reports what the entry lacks, with its line).
// Leading blank lines, whitespace and a UTF-8 byte order mark are skipped.
// Errors name the file: "PATH: empty file", "PATH: not a journal: ...",
// "PATH: cannot open: ...".
std::optional<JournalFormat> detectFormat(const std::string& path, std::string& error);

// The same decision over the first bytes of a file; complete says whether
// head is the whole file. reason has no file prefix.
std::optional<JournalFormat> detectFormatFromBytes(std::string_view head, bool complete, std::string& reason);

// How many bytes detectFormat() reads at most.
inline constexpr std::size_t DetectionWindow = 1 << 20;

} // namespace cd::store
