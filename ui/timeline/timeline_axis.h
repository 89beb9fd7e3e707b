#pragma once

#include <QString>

#include <cstdint>
#include <functional>
#include <vector>

namespace cd::ui::timeline {

struct AxisTick {
    std::int64_t value = 0; // position or wall ms
    QString label;
};

// Ticks at round steps over [begin, end) drawn across width pixels, at
// least minSpacing pixels apart. Sequence axis: positions, labelled with
// label(position) (the entry's sequence). Time axis: UTC, the label's
// precision following the step (days, minutes, seconds or milliseconds).
std::vector<AxisTick> sequenceTicks(
    std::int64_t begin, std::int64_t end, int width, int minSpacing, const std::function<QString(std::int64_t)>& label);
std::vector<AxisTick> timeTicks(std::int64_t begin, std::int64_t end, int width, int minSpacing);

// "2025-11-24T16:00:12.000Z"
QString isoUtc(std::int64_t wallMs);

} // namespace cd::ui::timeline
