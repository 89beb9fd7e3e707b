#include "models/chart_time.h"

#include "engine/history/entry_index.h"

#include <algorithm>
#include <array>

namespace cd::models {

namespace {

constexpr std::int64_t MinuteMs = 60 * SecondMs;
constexpr std::int64_t HourMs = 60 * MinuteMs;

// Widths that divide the next larger unit, so buckets align on round UTC times.
constexpr std::array<std::int64_t, 23> NiceWidths = {
    SecondMs, 2 * SecondMs, 5 * SecondMs, 10 * SecondMs, 15 * SecondMs, 30 * SecondMs, //
    MinuteMs, 2 * MinuteMs, 5 * MinuteMs, 10 * MinuteMs, 15 * MinuteMs, 30 * MinuteMs, //
    HourMs, 2 * HourMs, 3 * HourMs, 6 * HourMs, 12 * HourMs, //
    DayMs, 2 * DayMs, 7 * DayMs, 14 * DayMs, 28 * DayMs, 56 * DayMs, //
};

} // namespace

std::int64_t niceBucketMs(std::int64_t minimumMs)
{
    const auto it = std::lower_bound(NiceWidths.begin(), NiceWidths.end(), minimumMs);
    if (it != NiceWidths.end())
        return *it;
    std::int64_t width = NiceWidths.back();
    while (width < minimumMs)
        width *= 2;
    return width;
}

std::int64_t floorDiv(std::int64_t value, std::int64_t width)
{
    const std::int64_t q = value / width;
    return (value % width != 0 && value < 0) ? q - 1 : q;
}

TimeSpan journalTimeSpan(const history::EntryIndex& index)
{
    if (index.empty())
        return {};
    std::int64_t start = index.wallMs(0);
    for (const auto& late : index.lateEntries())
        start = std::min(start, late.wallMs);
    return { start, index.runningMaxWallMs(index.size() - 1) };
}

} // namespace cd::models
