#include "engine/runtime/event_loop.h"

#include <utility>

namespace cd::rt {

EventLoop::EventLoop(Executor& executor, RealTimeClock& clock)
    : m_executor(&executor)
    , m_clock(&clock)
{ }

EventLoop::~EventLoop() = default;

void EventLoop::run()
{
    loop(false);
}

bool EventLoop::runUntilIdle()
{
    return loop(true) == Exit::Idle;
}

void EventLoop::postFromAnyThread(std::function<void()> fn)
{
    {
        std::lock_guard lock(m_mutex);
        m_incoming.push_back(std::move(fn));
        m_signal.store(true, std::memory_order_release);
    }
    m_wake.notify_one();
}

void EventLoop::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = true;
        m_signal.store(true, std::memory_order_release);
    }
    m_wake.notify_one();
}

bool EventLoop::absorbPosts()
{
    std::vector<std::function<void()>> posted;
    bool stopRequested = false;
    {
        std::lock_guard lock(m_mutex);
        posted.swap(m_incoming);
        stopRequested = std::exchange(m_stopRequested, false);
        m_signal.store(false, std::memory_order_relaxed);
    }
    for (auto& fn : posted)
        m_executor->post(std::move(fn));
    return stopRequested;
}

EventLoop::Exit EventLoop::loop(bool untilIdle)
{
    for (;;) {
        if (m_signal.load(std::memory_order_acquire) && absorbPosts())
            return Exit::Stopped;
        if (m_executor->runOne())
            continue;
        if (m_clock->fireOneDue())
            continue;
        if (m_clock->skipIdleTime())
            continue;
        const auto next = m_clock->nextTimerMono();
        // nullopt: no timer, or one the clock will not reach by itself (paused).
        const auto delay = next ? m_clock->realDelayUntil(*next) : std::nullopt;
        std::unique_lock lock(m_mutex);
        const auto woken = [this] { return !m_incoming.empty() || m_stopRequested; };
        if (woken())
            continue;
        if (!delay) {
            if (untilIdle)
                return Exit::Idle;
            m_wake.wait(lock, woken);
        } else if (delay->count() > 0) {
            m_wake.wait_for(lock, *delay, woken);
        }
    }
}

} // namespace cd::rt
