#pragma once

#include "engine/history/history.h"
#include "models/chart_data.h"

#include <string_view>

namespace cd::models {

// Usage against its limits over time for one tenant, from the tenant's log
// in the index (no JSON decoding; a tenant of ~1,000 events takes well under
// a millisecond). Follows the fold: events before tenant.created, and a
// second tenant.created, change nothing. Besides every feature of
// feature.used / usage.reset it charts "users", the member count
// (user.invited of a new user, user.removed), which the plans limit too.
UsageChartData computeUsageChart(const history::History::View& view, std::string_view tenant);

} // namespace cd::models
