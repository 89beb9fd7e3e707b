#include "engine/runtime/clock.h"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>

namespace cd::rt {

struct Interval::State {
    Clock* clock = nullptr;
    std::int64_t every = 0;
    std::int64_t nextMono = 0;
    std::int64_t tickCount = 0;
    bool cancelled = false;
    TimerId pending;
    std::function<void()> callback;
};

namespace {
std::string describe(std::exception_ptr error)
{
    try {
        std::rethrow_exception(std::move(error));
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}
} // namespace

void Interval::cancel()
{
    if (!m_state)
        return;
    auto& s = *m_state;
    s.cancelled = true;
    if (s.pending) {
        s.clock->cancelTimer(s.pending);
        s.pending = {};
    }
    s.clock->emit(ObsEvent(
        "time:interval:cancel", { { "intervalMs", s.every }, { "ticks", s.tickCount }, { "at", s.clock->now() } }));
}

bool Interval::active() const
{
    return m_state && !m_state->cancelled;
}

std::int64_t Interval::ticks() const
{
    return m_state ? m_state->tickCount : 0;
}

Clock::Clock(Executor& executor, EmitFn emit)
    : m_executor(&executor)
    , m_emit(std::move(emit))
{ }

Clock::~Clock() = default;

TimerId Clock::setTimer(std::int64_t delayMs, std::function<void()> fn)
{
    const TimerId id { now().monoMs + std::max<std::int64_t>(delayMs, 0), m_nextSeq++ };
    m_timers.emplace(std::make_pair(id.fireAtMono, id.seq), std::move(fn));
    return id;
}

bool Clock::cancelTimer(TimerId id)
{
    if (!id)
        return false;
    return m_timers.erase(std::make_pair(id.fireAtMono, id.seq)) > 0;
}

std::optional<std::int64_t> Clock::nextTimerMono() const
{
    if (m_timers.empty())
        return std::nullopt;
    return m_timers.begin()->first.first;
}

bool Clock::fireNext(std::int64_t limitMono, const std::function<void(std::int64_t)>& setTime)
{
    if (m_timers.empty())
        return false;
    auto it = m_timers.begin();
    if (it->first.first > limitMono)
        return false;
    const std::int64_t fireAt = it->first.first;
    auto fn = std::move(it->second);
    m_timers.erase(it);
    setTime(fireAt);
    fn();
    return true;
}

std::size_t Clock::fireDue()
{
    std::size_t fired = 0;
    while (fireNext(now().monoMs, [](std::int64_t) {}))
        ++fired;
    return fired;
}

Future<void> Clock::sleep(std::int64_t ms)
{
    if (ms <= 0)
        return Future<void>::ready(*m_executor);
    emit(ObsEvent("time:sleep:start", { { "durationMs", ms }, { "at", now() } }));
    Promise<void> promise(*m_executor);
    const std::int64_t startMono = now().monoMs;
    setTimer(ms, [this, promise, ms, startMono]() mutable {
        const Instant at = now();
        emit(ObsEvent("time:sleep:end", { { "durationMs", ms }, { "actualMs", at.monoMs - startMono }, { "at", at } }));
        promise.resolve();
    });
    return promise.future();
}

Future<void> Clock::deadline(std::int64_t targetWallMs)
{
    const Instant start = now();
    const std::int64_t delayMs = std::max<std::int64_t>(0, targetWallMs - start.wallMs);
    emit(ObsEvent("time:deadline:start", { { "targetMs", targetWallMs }, { "delayMs", delayMs }, { "at", start } }));
    Promise<void> promise(*m_executor);
    auto finish = [this, promise, targetWallMs]() mutable {
        const Instant end = now();
        const bool late = end.wallMs > targetWallMs;
        emit(ObsEvent(late ? "time:deadline:err" : "time:deadline:ok",
            { { "targetMs", targetWallMs }, { "actualMs", end.wallMs }, { "driftMs", end.wallMs - targetWallMs },
                { "at", end } }));
        promise.resolve();
    };
    if (delayMs > 0)
        sleep(delayMs).then(std::move(finish));
    else
        m_executor->post(std::function<void()>(std::move(finish)));
    return promise.future();
}

Interval Clock::interval(std::int64_t ms, std::function<void()> callback)
{
    if (ms <= 0)
        throw std::invalid_argument("Interval must be positive");
    auto state = std::make_shared<Interval::State>();
    state->clock = this;
    state->every = ms;
    state->nextMono = now().monoMs + ms;
    state->callback = std::move(callback);
    emit(ObsEvent("time:interval:set", { { "intervalMs", ms }, { "at", now() } }));
    // The pending timer holds the interval alive until it is cancelled.
    state->pending = setTimer(ms, [this, state] { fireInterval(state); });
    return Interval(state);
}

void Clock::fireInterval(const std::shared_ptr<Interval::State>& state)
{
    auto& s = *state;
    s.pending = {};
    if (s.cancelled)
        return;
    const std::int64_t mono = now().monoMs;
    if (s.nextMono > mono) {
        // Fired early (cannot happen with the clocks here); keep the grid.
        s.pending = setTimer(s.nextMono - mono, [this, state] { fireInterval(state); });
        return;
    }
    // One callback per firing; a tick that fires late (the loop was busy
    // elsewhere) runs once and the grid points it missed are dropped. The next
    // tick is scheduled before the callback runs, so the cadence stays on the
    // grid even if the callback moves time re-entrantly (ControlledClock fires
    // such ticks from inside the callback; it never skips any).
    s.nextMono += ((mono - s.nextMono) / s.every + 1) * s.every;
    ++s.tickCount;
    s.pending = setTimer(s.nextMono - mono, [this, state] { fireInterval(state); });
    emit(ObsEvent("time:interval:tick", { { "intervalMs", s.every }, { "tick", s.tickCount }, { "at", now() } }));
    try {
        s.callback();
    } catch (...) {
        emit(ObsEvent("time:interval:error",
            { { "intervalMs", s.every }, { "tick", s.tickCount }, { "error", describe(std::current_exception()) },
                { "at", now() } }));
    }
    // No overlap, as the library's SystemClock: ticks that came due while the
    // callback ran (a real-time clock moved on meanwhile) are skipped, not run
    // back to back. ticks() counts only callbacks that ran.
    const std::int64_t after = now().monoMs;
    if (!s.cancelled && s.pending && s.nextMono <= after) {
        cancelTimer(s.pending);
        s.nextMono += ((after - s.nextMono) / s.every + 1) * s.every;
        s.pending = setTimer(s.nextMono - after, [this, state] { fireInterval(state); });
    }
}

} // namespace cd::rt
