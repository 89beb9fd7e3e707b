#pragma once

#include "engine/runtime/future.h"
#include "engine/runtime/observe.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>

namespace cd::rt {

class Clock;

// Identifies one pending one-shot timer.
struct TimerId {
    std::int64_t fireAtMono = 0;
    std::uint64_t seq = 0; // 0 = no timer
    explicit operator bool() const { return seq != 0; }
};

// A periodic timer. cancel() stops it; every call emits time:interval:cancel.
class Interval {
public:
    Interval() = default;
    void cancel();
    bool active() const;
    std::int64_t ticks() const;

private:
    friend class Clock;
    struct State;
    explicit Interval(std::shared_ptr<State> s)
        : m_state(std::move(s))
    { }
    std::shared_ptr<State> m_state;
};

// Time source of one engine. Every timer of the engine lives in the clock's
// queue, ordered by monotonic due time, ties in registration order. Timer
// callbacks run synchronously when the timer fires; continuations of futures
// settled by them (sleep, deadline) run afterwards through the executor.
class Clock {
public:
    explicit Clock(Executor& executor, EmitFn emit = {});
    Clock(const Clock&) = delete;
    Clock& operator=(const Clock&) = delete;
    virtual ~Clock();

    virtual Instant now() const = 0;

    Executor& executor() const { return *m_executor; }
    const EmitFn& emitter() const { return m_emit; }
    void emit(ObsEvent event) const
    {
        if (m_emit)
            m_emit(event);
    }

    // Low level: a one-shot timer after delayMs (<= 0: due now).
    TimerId setTimer(std::int64_t delayMs, std::function<void()> fn);
    // Removes a pending timer; false if it already fired or was cancelled.
    bool cancelTimer(TimerId id);
    std::size_t pendingTimerCount() const { return m_timers.size(); }
    std::optional<std::int64_t> nextTimerMono() const;

    // The library's API. sleep(ms <= 0) is already resolved and emits nothing.
    Future<void> sleep(std::int64_t ms);
    Future<void> timeout(std::int64_t ms) { return sleep(ms); }
    // Waits until the wall clock reaches targetWallMs (converted to a monotonic
    // delay once, at the call), then emits time:deadline:ok or :err.
    Future<void> deadline(std::int64_t targetWallMs);
    // Throws std::invalid_argument("Interval must be positive") for ms <= 0.
    // Ticks stay on the ms grid and never overlap: grid points that came due
    // while the callback ran, or that a busy real-time loop missed, are
    // skipped, not queued (ticks() counts only callbacks that ran).
    Interval interval(std::int64_t ms, std::function<void()> callback);

protected:
    // Fires the earliest timer due at or before limitMono. setTime(fireAt) is
    // called first so the subclass can move its time. False if none is due.
    bool fireNext(std::int64_t limitMono, const std::function<void(std::int64_t)>& setTime);
    // Fires every timer due at or before the clock's current monotonic time.
    std::size_t fireDue();

private:
    void fireInterval(const std::shared_ptr<Interval::State>& state);

    Executor* m_executor;
    EmitFn m_emit;
    std::map<std::pair<std::int64_t, std::uint64_t>, std::function<void()>> m_timers;
    std::uint64_t m_nextSeq = 1;
};

} // namespace cd::rt
