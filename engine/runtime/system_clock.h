#pragma once

#include "engine/runtime/realtime_clock.h"

#include <chrono>

namespace cd::rt {

// Real time: wall from std::chrono::system_clock, mono from steady_clock
// relative to construction (so it starts near 0 and never goes backwards).
// Times are whole milliseconds (floored), so monoMs is 0 right after
// construction where the library's fractional performance.now() gives > 0.
// Timers fire only when a driver (EventLoop) runs the clock.
//
// interval() never overlaps: callbacks are synchronous, so a tick cannot start
// while the previous one runs, and grid points that went by while a callback
// (or anything else) held the thread are skipped, not queued — as the
// library's setInterval-based SystemClock does. ticks() counts only the
// callbacks that ran.
class SystemClock : public RealTimeClock {
public:
    explicit SystemClock(Executor& executor, EmitFn emit = {});

    Instant now() const override;
    std::optional<std::chrono::nanoseconds> realDelayUntil(std::int64_t monoMs) const override;

private:
    std::chrono::steady_clock::time_point m_origin;
};

} // namespace cd::rt
