#pragma once

#include "engine/runtime/clock.h"

#include <chrono>
#include <cstdint>
#include <optional>

namespace cd::rt {

// A clock whose time moves by itself (driven by a real-time source), as
// opposed to ControlledClock. Its timers fire only when a driver — normally
// EventLoop — asks; these hooks are what the driver needs.
class RealTimeClock : public Clock {
public:
    using Clock::Clock;

    // Fires the earliest timer if it is due now; false if none is due. The
    // driver drains ready work after each one, as Node drains microtasks after
    // each timer callback.
    bool fireOneDue()
    {
        return fireNext(now().monoMs, [](std::int64_t) {});
    }
    // Fires every due timer (without draining in between).
    std::size_t fireDueTimers() { return fireDue(); }

    // Real time left until the clock's monotonic time reaches monoMs: <= 0 when
    // already reached, nullopt when it will not get there by itself (time is
    // paused or only jumps, see ScaledClock).
    virtual std::optional<std::chrono::nanoseconds> realDelayUntil(std::int64_t monoMs) const = 0;

    // Called by the driver when nothing is ready and no timer is due. A clock
    // that runs "as fast as possible" jumps to the next timer and returns true.
    virtual bool skipIdleTime() { return false; }
};

} // namespace cd::rt
