#pragma once

#include "engine/runtime/realtime_clock.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <string>

namespace cd::rt {

// Virtual time running at a multiple of real time (the GUI's live demo):
// x1, x60, x3600, any positive factor, 0 (paused) or kFastest ("as fast as
// possible": virtual time stands still while work runs and, whenever the
// driving loop is idle, jumps straight to the next timer).
//
// setSpeed() re-anchors at the current virtual time, so switching speed never
// makes time jump or go backwards. It is not thread-safe: from another thread,
// post it to the engine thread (EventLoop::postFromAnyThread), which also
// wakes the loop so it recomputes how long to wait.
//
// Intervals skip the grid points that went by while the loop was busy (see
// SystemClock); at high speeds a slow callback therefore costs ticks.
class ScaledClock : public RealTimeClock {
public:
    // Real monotonic time in nanoseconds. Injected so tests control it.
    using RealNowFn = std::function<std::int64_t()>;
    static constexpr double kFastest = std::numeric_limits<double>::infinity();

    // Real time from std::chrono::steady_clock.
    explicit ScaledClock(Executor& executor, double speed = 1.0, Instant start = {}, EmitFn emit = {});
    ScaledClock(Executor& executor, RealNowFn realNow, double speed = 1.0, Instant start = {}, EmitFn emit = {});

    Instant now() const override;
    std::optional<std::chrono::nanoseconds> realDelayUntil(std::int64_t monoMs) const override;
    bool skipIdleTime() override;

    // Emits time:speed {from, to, at} with labels such as "x60", "paused",
    // "fastest". Throws std::invalid_argument for a negative or NaN factor.
    void setSpeed(double speed);
    double speed() const { return m_speed; }
    bool fastest() const { return m_speed == kFastest; }
    bool paused() const { return m_speed == 0.0; }

    static std::string speedLabel(double speed);

private:
    std::int64_t virtualNsAt(std::int64_t realNs) const;

    RealNowFn m_realNow;
    double m_speed;
    std::int64_t m_wallOffsetMs; // wall - mono, fixed: wall moves with mono
    std::int64_t m_anchorRealNs;
    std::int64_t m_anchorVirtualNs;
};

} // namespace cd::rt
