#include "engine/runtime/system_clock.h"

namespace cd::rt {

SystemClock::SystemClock(Executor& executor, EmitFn emit)
    : RealTimeClock(executor, std::move(emit))
    , m_origin(std::chrono::steady_clock::now())
{ }

Instant SystemClock::now() const
{
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    const auto wall = duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    const auto mono = duration_cast<milliseconds>(std::chrono::steady_clock::now() - m_origin);
    return { wall.count(), mono.count() };
}

std::optional<std::chrono::nanoseconds> SystemClock::realDelayUntil(std::int64_t monoMs) const
{
    const auto due = m_origin + std::chrono::milliseconds(monoMs);
    return std::chrono::duration_cast<std::chrono::nanoseconds>(due - std::chrono::steady_clock::now());
}

} // namespace cd::rt
