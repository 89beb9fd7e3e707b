#pragma once

#include "engine/platform/event.h"

#include <array>
#include <cstdint>

namespace cd::models {

// The horizontal axis of the timeline: index positions (every entry one
// step, labelled with its sequence) or wall time in milliseconds.
enum class TimelineAxis { Sequence, Time };

// Per event type counts, indexed by platform::EventType.
using TimelineCounts = std::array<std::uint32_t, platform::EventTypeCount>;

// One bar of the timeline: the entries whose axis value lies in [begin, end)
// (positions or wall ms). Bars of one view may differ slightly in width (their
// edges sit on the cached fine bins), so the view draws count / width.
struct TimelineBucket {
    std::int64_t begin = 0;
    std::int64_t end = 0;
    std::uint32_t total = 0;
    TimelineCounts counts {};

    std::uint32_t count(platform::EventType type) const { return counts[std::size_t(type)]; }
};

} // namespace cd::models
