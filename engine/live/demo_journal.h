#pragma once

#include "engine/live/platform_types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cd::live {

// The mark of a journal the demo platform created: a small extra table
// (journal-format.md allows other tables, and readers ignore it), so that
// only the demo's own journals are ever opened for writing; a received
// journal is evidence and stays read-only.
//   CREATE TABLE chronodesk_demo (key TEXT PRIMARY KEY, value TEXT NOT NULL)
//   rows: ('writer', 'chronodesk-demo'), ('id_seed', <decimal>)
inline constexpr std::string_view DemoMarkTable = "chronodesk_demo";
inline constexpr std::string_view DemoWriterName = "chronodesk-demo";

// Writes the mark into a journal just created (through its own connection;
// the writer's may stay open).
bool markDemoJournal(const std::string& path, std::uint64_t idSeed, std::string& error);

// What continuing a demo journal needs to know about its end.
struct DemoJournalEnd {
    ResumePoint point;
    std::uint64_t idSeed = 0;
    std::string lastId; // of the last entry; empty when there is none
    std::vector<std::string> tenantIds; // every tenant.created, in journal order
};

// Reads the end of a demo journal read-only (immutable when no -wal is beside
// it, so the file is not touched). Refusals name the file: "PATH: no such
// journal", the reader's (not a Chronodesk journal, newer format version),
// "PATH: not a journal written by the Chronodesk demo; it is opened
// read-only".
bool readDemoJournalEnd(const std::string& path, DemoJournalEnd& out, std::string& error);

// Entry ids of the demo platform: "e-" and 16 hex digits of splitmix64 over
// idSeed * K + counter, a bijection of the counter for one seed, so ids are
// unique while the counter grows. demoEntryCounter inverts it: the counter
// that made id, or nullopt when id is not of that shape.
std::string demoEntryId(std::uint64_t idSeed, std::uint64_t counter);
std::optional<std::uint64_t> demoEntryCounter(std::uint64_t idSeed, std::string_view id);

} // namespace cd::live
