#pragma once

#include "engine/platform/event.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace cd::history {

class History;

// cli.md "Stats JSON": counts and ranges of the indexed (valid) entries.
struct Stats {
    std::int64_t entries = 0;
    std::optional<std::int64_t> firstSequence;
    std::optional<std::int64_t> lastSequence;
    std::optional<std::int64_t> firstWallMs; // of the first entry (not the earliest)
    std::optional<std::int64_t> lastWallMs; // of the last entry
    std::int64_t tenants = 0; // tenants created (each counted once)
    std::array<std::int64_t, platform::EventTypeCount> byType {};
};

Stats computeStats(const History& history);

// {"entries","firstSequence","lastSequence","firstWallMs","lastWallMs","tenants","byType"};
// byType lists the types that occur, in byte order of their names.
std::string statsJson(const Stats& stats);

} // namespace cd::history
