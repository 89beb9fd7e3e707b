#pragma once

#include "engine/runtime/clock.h"

namespace cd::rt {

// A deterministic clock for tests and simulation. Time moves only when told;
// timers fire earliest first, ties in registration order, and callbacks may
// advance time or cancel timers re-entrantly.
class ControlledClock : public Clock {
public:
    explicit ControlledClock(Executor& executor, std::int64_t initialTime = 0, EmitFn emit = {});

    Instant now() const override { return { m_wallMs, m_monoMs }; }

    // Emits time:advance, then advanceTo(mono + ms). No-op for ms <= 0.
    void advanceBy(std::int64_t ms);
    // Fires every timer due up to target (time jumps to each timer first),
    // then sets mono to target. Never goes backwards; emits nothing.
    // Continuations of settled futures are left on the executor (see flush).
    void advanceTo(std::int64_t targetMono);
    // Advances to the earliest pending timer, if any.
    void tick();
    // Moves the wall clock only; emits time:wall_jump.
    void jumpWallTime(std::int64_t newWallMs);
    // Runs every ready continuation (the "flush" of the original tests).
    void flush();

    // Simulation: steps timer by timer up to targetMono, draining all ready
    // work after each, so each continuation observes its own timer's time.
    void runUntil(std::int64_t targetMono);
    // Drains ready work and fires timers until neither is left. Returns false
    // if maxSteps timers fired and work remains (e.g. a perpetual interval).
    bool runUntilIdle(std::size_t maxSteps = 10'000'000);

private:
    void moveTo(std::int64_t mono);

    std::int64_t m_wallMs;
    std::int64_t m_monoMs;
};

} // namespace cd::rt
