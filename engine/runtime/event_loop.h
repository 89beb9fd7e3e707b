#pragma once

#include "engine/runtime/executor.h"
#include "engine/runtime/realtime_clock.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

namespace cd::rt {

// Drives one Executor and one real-time clock (SystemClock, ScaledClock) on
// the thread that calls run(): drains ready work, fires due timers one at a
// time (draining after each, like Node's microtasks after each timer), and
// otherwise sleeps on a condition variable until the next timer's real due
// time, a cross-thread post, or stop().
//
// Only postFromAnyThread() and stop() may be called from other threads;
// everything else (the executor, the clock, atoms, journals) belongs to the
// loop's thread.
class EventLoop {
public:
    EventLoop(Executor& executor, RealTimeClock& clock);
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;
    ~EventLoop();

    // Runs until stop() is called. A stop() that arrives before run() makes
    // the next run() return at once; each run() consumes one stop request.
    void run();
    // Runs until nothing is left to do: no ready work, no posted work, and no
    // timer the clock will reach by itself (none pending, or the clock is
    // paused). Returns true if it ended idle, false on stop().
    bool runUntilIdle();

    // Thread-safe. The function runs on the loop's thread, in posting order.
    void postFromAnyThread(std::function<void()> fn);
    // Thread-safe. The loop returns after the job it is running, if any.
    void stop();

    Executor& executor() const { return *m_executor; }
    RealTimeClock& clock() const { return *m_clock; }

private:
    enum class Exit { Stopped, Idle };
    Exit loop(bool untilIdle);
    // Moves posted work onto the executor; true if a stop was requested.
    bool absorbPosts();

    Executor* m_executor;
    RealTimeClock* m_clock;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<std::function<void()>> m_incoming; // guarded by m_mutex
    bool m_stopRequested = false; // guarded by m_mutex
    // Set whenever m_incoming or m_stopRequested changed, so the hot path can
    // skip the mutex.
    std::atomic<bool> m_signal { false };
};

} // namespace cd::rt
