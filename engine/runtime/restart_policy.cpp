#include "engine/runtime/restart_policy.h"

#include <algorithm>
#include <cmath>

namespace cd::rt {

namespace {
// splitmix64: tiny, seedable, and the same on every platform (unlike the
// standard distributions).
std::uint64_t splitmix(std::uint64_t& state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
} // namespace

RestartPolicy::RestartPolicy(SupervisionStrategy strategy, std::uint64_t seed)
    : m_strategy(strategy)
    , m_prng(seed)
{ }

void RestartPolicy::reset()
{
    m_windowOpen = false;
    m_windowStart = 0;
    m_windowRestarts = 0;
    m_unboundedRestarts = 0;
}

std::int64_t RestartPolicy::restartsInWindow(std::int64_t nowMs) const
{
    if (!m_strategy.maxRestarts || !m_windowOpen || nowMs - m_windowStart > m_strategy.maxRestarts->withinMs)
        return 0;
    return m_windowRestarts;
}

double RestartPolicy::nextUnit()
{
    const double unit = static_cast<double>(splitmix(m_prng) >> 11) * 0x1.0p-53; // [0, 1)
    return unit * 2.0 - 1.0;
}

std::int64_t RestartPolicy::delayFor(std::int64_t attempt)
{
    if (!m_strategy.backoff)
        return 0;
    const Backoff& b = *m_strategy.backoff;
    const double exponent = static_cast<double>(std::max<std::int64_t>(attempt, 1) - 1);
    double delay
        = std::min(static_cast<double>(b.initialMs) * std::pow(b.factor, exponent), static_cast<double>(b.maxMs));
    if (b.jitterPercent > 0)
        delay += nextUnit() * delay * b.jitterPercent / 100.0;
    return std::llround(std::max(delay, 0.0));
}

RestartPolicy::Decision RestartPolicy::onFailure(std::int64_t nowMs)
{
    Decision d;
    if (m_strategy.type == SupervisionType::None)
        return d;
    if (!m_strategy.maxRestarts) {
        // The library always used attempt 1 here; without a window the
        // attempt is the number of restarts so far, so the backoff grows.
        d.restart = true;
        d.attempt = ++m_unboundedRestarts;
    } else {
        const MaxRestarts& m = *m_strategy.maxRestarts;
        if (!m_windowOpen || nowMs - m_windowStart > m.withinMs) {
            m_windowOpen = true;
            m_windowStart = nowMs;
            m_windowRestarts = 0;
        }
        if (m_windowRestarts >= m.count) {
            d.attempt = m_windowRestarts;
            d.withinMs = nowMs - m_windowStart;
            return d;
        }
        d.restart = true;
        d.attempt = ++m_windowRestarts;
    }
    d.delayMs = delayFor(d.attempt);
    return d;
}

} // namespace cd::rt
