#include "engine/runtime/controlled_clock.h"

#include <algorithm>

namespace cd::rt {

ControlledClock::ControlledClock(Executor& executor, std::int64_t initialTime, EmitFn emit)
    : Clock(executor, std::move(emit))
    , m_wallMs(initialTime)
    , m_monoMs(initialTime)
{ }

void ControlledClock::moveTo(std::int64_t mono)
{
    if (mono > m_monoMs) {
        m_wallMs += mono - m_monoMs;
        m_monoMs = mono;
    }
}

void ControlledClock::advanceBy(std::int64_t ms)
{
    if (ms <= 0)
        return;
    emit(ObsEvent("time:advance", { { "byMs", ms }, { "fromMono", m_monoMs }, { "toMono", m_monoMs + ms } }));
    advanceTo(m_monoMs + ms);
}

void ControlledClock::advanceTo(std::int64_t targetMono)
{
    if (targetMono <= m_monoMs)
        return;
    const auto setTime = [this](std::int64_t fireAt) { moveTo(fireAt); };
    while (fireNext(targetMono, setTime)) { }
    moveTo(targetMono);
}

void ControlledClock::tick()
{
    if (auto next = nextTimerMono())
        advanceTo(std::max(*next, m_monoMs + 0));
    // A timer already due at the current time: fire it without moving time.
    if (auto next = nextTimerMono(); next && *next <= m_monoMs)
        fireNext(m_monoMs, [](std::int64_t) {});
}

void ControlledClock::jumpWallTime(std::int64_t newWallMs)
{
    emit(ObsEvent("time:wall_jump", { { "fromWall", m_wallMs }, { "toWall", newWallMs }, { "monoMs", m_monoMs } }));
    m_wallMs = newWallMs;
}

void ControlledClock::flush()
{
    executor().drain();
}

void ControlledClock::runUntil(std::int64_t targetMono)
{
    executor().drain();
    const auto setTime = [this](std::int64_t fireAt) { moveTo(fireAt); };
    while (fireNext(targetMono, setTime))
        executor().drain();
    moveTo(targetMono);
    executor().drain();
}

bool ControlledClock::runUntilIdle(std::size_t maxSteps)
{
    executor().drain();
    const auto setTime = [this](std::int64_t fireAt) { moveTo(fireAt); };
    for (std::size_t steps = 0; steps < maxSteps; ++steps) {
        if (!fireNext(INT64_MAX, setTime))
            return true;
        executor().drain();
    }
    return pendingTimerCount() == 0 && executor().empty();
}

} // namespace cd::rt
