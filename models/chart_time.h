#pragma once

#include <cstdint>

namespace cd::history {
class EntryIndex;
} // namespace cd::history

namespace cd::models {

inline constexpr std::int64_t SecondMs = 1000;
inline constexpr std::int64_t DayMs = 86'400'000;

// The smallest "nice" bucket width (1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 min,
// ..., 12 h, 1 d, 2 d, 7 d, 14 d, 28 d, then doublings) that is at least
// minimumMs; never below one second, so rates read as entries per second or
// coarser.
std::int64_t niceBucketMs(std::int64_t minimumMs);

// floor(value / width), also for wall times before 1970.
std::int64_t floorDiv(std::int64_t value, std::int64_t width);

// Wall-time span of a journal's index: the first entry's wall time (or an
// earlier late entry's) to the largest wall time seen. Empty index: {0, 0}.
struct TimeSpan {
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;
};
TimeSpan journalTimeSpan(const history::EntryIndex& index);

} // namespace cd::models
