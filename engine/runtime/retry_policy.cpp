#include "engine/runtime/retry_policy.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cd::rt {

namespace {
// Large factors overflow quickly; clamp before converting back to integers.
std::int64_t toDelay(double ms)
{
    constexpr double kMax = static_cast<double>(std::numeric_limits<std::int64_t>::max() / 2);
    if (!(ms > 0))
        return 0;
    return static_cast<std::int64_t>(std::llround(std::min(ms, kMax)));
}
} // namespace

std::int64_t RetryPolicy::delayAfter(int failures) const
{
    const double base = static_cast<double>(baseDelayMs);
    const std::int64_t cap
        = maxDelayMs ? *maxDelayMs : toDelay(base * std::pow(backoffFactor, std::max(maxAttempts - 1, 0)));
    const std::int64_t raw = toDelay(base * std::pow(backoffFactor, std::max(failures - 1, 0)));
    return std::max<std::int64_t>(0, std::min(raw, cap));
}

bool RetryPolicy::shouldRetry(const EffectError& error) const
{
    if (!error.isFail() && !error.isTimeout())
        return false;
    return !retryIf || retryIf(error);
}

} // namespace cd::rt
