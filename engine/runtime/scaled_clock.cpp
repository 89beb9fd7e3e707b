#include "engine/runtime/scaled_clock.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace cd::rt {

namespace {
constexpr std::int64_t kNsPerMs = 1'000'000;

std::int64_t steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    const std::int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

void checkSpeed(double speed)
{
    if (std::isnan(speed) || speed < 0.0)
        throw std::invalid_argument("Speed must be >= 0");
}
} // namespace

ScaledClock::ScaledClock(Executor& executor, double speed, Instant start, EmitFn emit)
    : ScaledClock(executor, &steadyNowNs, speed, start, std::move(emit))
{ }

ScaledClock::ScaledClock(Executor& executor, RealNowFn realNow, double speed, Instant start, EmitFn emit)
    : RealTimeClock(executor, std::move(emit))
    , m_realNow(std::move(realNow))
    , m_speed(speed)
    , m_wallOffsetMs(start.wallMs - start.monoMs)
    , m_anchorRealNs(m_realNow())
    , m_anchorVirtualNs(start.monoMs * kNsPerMs)
{
    checkSpeed(speed);
}

std::int64_t ScaledClock::virtualNsAt(std::int64_t realNs) const
{
    // A real source that steps back is treated as standing still: virtual
    // time never decreases.
    if (realNs <= m_anchorRealNs || fastest() || paused())
        return m_anchorVirtualNs;
    const long double elapsed = static_cast<long double>(realNs - m_anchorRealNs) * m_speed;
    return m_anchorVirtualNs + static_cast<std::int64_t>(elapsed);
}

Instant ScaledClock::now() const
{
    const std::int64_t mono = floorDiv(virtualNsAt(m_realNow()), kNsPerMs);
    return { mono + m_wallOffsetMs, mono };
}

std::optional<std::chrono::nanoseconds> ScaledClock::realDelayUntil(std::int64_t monoMs) const
{
    if (fastest() || paused())
        return std::nullopt;
    const std::int64_t remaining = monoMs * kNsPerMs - virtualNsAt(m_realNow());
    if (remaining <= 0)
        return std::chrono::nanoseconds(0);
    // Round up so the loop does not wake a hair early and spin.
    const auto realNs = static_cast<std::int64_t>(std::ceil(static_cast<long double>(remaining) / m_speed));
    return std::chrono::nanoseconds(realNs);
}

bool ScaledClock::skipIdleTime()
{
    if (!fastest())
        return false;
    const auto next = nextTimerMono();
    if (!next || *next * kNsPerMs <= m_anchorVirtualNs)
        return false;
    m_anchorVirtualNs = *next * kNsPerMs;
    m_anchorRealNs = m_realNow();
    return true;
}

void ScaledClock::setSpeed(double speed)
{
    checkSpeed(speed);
    if (speed == m_speed)
        return;
    const std::int64_t realNs = m_realNow();
    const std::int64_t virtualNs = virtualNsAt(realNs);
    const double from = m_speed;
    m_anchorRealNs = std::max(realNs, m_anchorRealNs);
    m_anchorVirtualNs = virtualNs;
    m_speed = speed;
    emit(ObsEvent("time:speed", { { "from", speedLabel(from) }, { "to", speedLabel(speed) }, { "at", now() } }));
}

std::string ScaledClock::speedLabel(double speed)
{
    if (speed == kFastest)
        return "fastest";
    if (speed == 0.0)
        return "paused";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "x%g", speed);
    return buffer;
}

} // namespace cd::rt
