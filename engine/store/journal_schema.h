#pragma once

#include "engine/store/journal_meta.h"

#include <string>

struct sqlite3;

namespace cd::store {

// The format-1 schema of journal-format.md §1, shared by the writer (which
// creates it) and the reader (which checks it).
class JournalSchema {
public:
    // Creates journal_meta, events and events_by_tenant and writes the meta
    // rows. Call inside a transaction.
    static bool create(sqlite3* db, const JournalMeta& meta, std::string& error);
    // Replaces the meta rows (journal_id, created_wall_ms, created_mono_ms).
    static bool writeMeta(sqlite3* db, const JournalMeta& meta, std::string& error);
    // Checks that db is a Chronodesk journal this code can read and reads its
    // meta. error (no file prefix): "not a Chronodesk journal: ..." or
    // "newer format version N (this reader knows 1)".
    static bool check(sqlite3* db, JournalMeta& meta, int& formatVersion, std::string& error);
};

} // namespace cd::store
