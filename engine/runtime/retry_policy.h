#pragma once

#include "engine/runtime/effect_error.h"

#include <cstdint>
#include <functional>
#include <optional>

namespace cd::rt {

// How Effect::retry repeats a failing effect. Attempts are numbered from 1.
// After the n-th failure it waits min(base * factor^(n-1), maxDelay) on the
// env clock; maxDelay defaults to base * factor^(maxAttempts-1). So base 100
// with the defaults waits 100, 200, 400 between 4 attempts.
struct RetryPolicy {
    int maxAttempts = 3;
    std::int64_t baseDelayMs = 100;
    std::optional<std::int64_t> maxDelayMs;
    double backoffFactor = 2.0;
    // Which errors are worth another attempt (e.g. transient gateway errors,
    // not card declines). Empty: every Fail and Timeout. Interrupted and
    // Defect are never retried.
    std::function<bool(const EffectError&)> retryIf;

    std::int64_t delayAfter(int failures) const;
    bool shouldRetry(const EffectError& error) const;
};

} // namespace cd::rt
