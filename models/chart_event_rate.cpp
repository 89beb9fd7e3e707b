#include "models/chart_event_rate.h"

#include "models/chart_time.h"

#include <algorithm>

namespace cd::models {

namespace {

// Sets the bucket width and an empty bucket for every width from start to end.
void layOut(EventRateChartData& data, std::int64_t startMs, std::int64_t endMs)
{
    data.startMs = startMs;
    data.endMs = endMs;
    data.bucketMs = niceBucketMs((endMs - startMs) / EventRateBuckets);
    const std::int64_t first = floorDiv(startMs, data.bucketMs);
    const std::int64_t last = floorDiv(endMs, data.bucketMs);
    data.counts.reserve(qsizetype(last - first + 1));
    for (std::int64_t b = first; b <= last; ++b)
        data.counts.append(QPointF(double(b * data.bucketMs), 0.0));
}

void addTotals(EventRateChartData& data)
{
    for (const QPointF& point : std::as_const(data.counts)) {
        data.total += std::int64_t(point.y());
        data.peak = std::max(data.peak, std::int64_t(point.y()));
    }
}

} // namespace

EventRateChartData computePlatformEventRate(const history::History::View& view)
{
    EventRateChartData data;
    const history::EntryIndex& index = view.index();
    if (index.empty())
        return data;
    const TimeSpan span = journalTimeSpan(index);
    layOut(data, span.startMs, span.endMs);
    // prefixUpToTime(t): entries whose running maximum wall time is <= t.
    std::size_t before = index.prefixUpToTime(std::int64_t(data.counts.constFirst().x()) - 1);
    for (QPointF& point : data.counts) {
        const std::size_t upTo = index.prefixUpToTime(std::int64_t(point.x()) + data.bucketMs - 1);
        point.setY(double(upTo - before));
        before = upTo;
    }
    addTotals(data);
    return data;
}

EventRateChartData computeTenantEventRate(const history::History::View& view, std::string_view tenant)
{
    EventRateChartData data;
    data.tenant = QString::fromUtf8(tenant.data(), qsizetype(tenant.size()));
    const history::EntryIndex& index = view.index();
    const platform::Str id = view.find(tenant);
    const std::span<const std::uint32_t> positions = id ? index.tenantPositions(id) : std::span<const std::uint32_t> {};
    if (positions.empty())
        return data;
    // Bucketed like the platform rate, at the running maximum: the first bucket holds the first entry.
    layOut(data, index.runningMaxWallMs(positions.front()), journalTimeSpan(index).endMs);
    const std::int64_t first = floorDiv(data.startMs, data.bucketMs);
    for (const std::uint32_t position : positions) {
        const std::int64_t b = floorDiv(index.runningMaxWallMs(position), data.bucketMs) - first;
        QPointF& point = data.counts[qsizetype(b)];
        point.setY(point.y() + 1);
    }
    addTotals(data);
    return data;
}

} // namespace cd::models
