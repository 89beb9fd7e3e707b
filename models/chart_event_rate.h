#pragma once

#include "engine/history/history.h"
#include "models/chart_data.h"

#include <string_view>

namespace cd::models {

// Buckets aimed at for the event rate (the width is niceBucketMs(span / this)).
inline constexpr std::int64_t EventRateBuckets = 200;

// Entries per time bucket over the whole journal. Bins from the index's
// running maximum wall time with one binary search per bucket boundary: a
// 10M-entry journal costs a few thousand lookups, no entry is visited.
EventRateChartData computePlatformEventRate(const history::History::View& view);

// Entries per time bucket of one tenant's log (every entry naming it), over
// [its first entry, the journal's end].
EventRateChartData computeTenantEventRate(const history::History::View& view, std::string_view tenant);

} // namespace cd::models
