#pragma once

#include "engine/history/history.h"
#include "models/chart_data.h"

#include <atomic>
#include <string_view>

namespace cd::models {

// Payments and failures of one tenant, per billing cycle (from its log; a
// few ms for a tenant of ~1,000 events). Payments of a tenant before its
// tenant.created are left out, as the fold leaves them out.
PaymentsChartData computeTenantPayments(const history::History::View& view, std::string_view tenant);

// Platform-wide payments per day; a journal spanning less than 24 days gets
// finer buckets (niceBucketMs(span / 24)) so there is something to compare.
// Reads the packed events of every tenant log (no JSON); checks cancel every
// few thousand events and returns what it has when set.
PaymentsChartData computePlatformPayments(const history::History::View& view, const std::atomic<bool>* cancel);

} // namespace cd::models
