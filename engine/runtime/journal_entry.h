#pragma once

#include "engine/runtime/observe.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cd::rt {

template <typename T>
struct JournalEntry {
    std::string id;
    std::int64_t sequence = 0;
    Instant timestamp;
    T data;
};

// A copy of the live entries, independent of later appends and clears.
template <typename T>
struct JournalSnapshot {
    std::int64_t firstSequence = 0;
    std::int64_t lastSequence = -1; // nextSequence - 1
    std::int64_t totalCount = 0;
    Instant timestamp; // the clock's time when the snapshot was taken
    std::vector<JournalEntry<T>> entries;
};

} // namespace cd::rt
