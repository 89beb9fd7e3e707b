#include "models/interaction_gate.h"

#include <condition_variable>
#include <mutex>
#include <optional>

namespace cd::models::interaction {

namespace {

using Clock = std::chrono::steady_clock;

struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    std::optional<Clock::time_point> last; // the latest note()
    std::chrono::milliseconds quiet { 250 };
    std::chrono::milliseconds maxWait { 1000 };
    int waiting = 0;
    std::uint64_t wakes = 0; // wakeAll() and setPeriods() calls
};

Gate& gate()
{
    static Gate instance;
    return instance;
}

} // namespace

void note()
{
    Gate& g = gate();
    const std::lock_guard lock(g.mutex);
    g.last = Clock::now();
}

bool yieldTurn(const std::atomic<bool>* cancel)
{
    Gate& g = gate();
    std::unique_lock lock(g.mutex);
    const auto start = Clock::now();
    const auto quietAt = [&g] { return *g.last + g.quiet; };
    if (!g.last || quietAt() <= start)
        return false;
    ++g.waiting;
    const std::uint64_t wakes = g.wakes;
    for (;;) {
        const auto until = std::min(quietAt(), start + g.maxWait);
        if (Clock::now() >= until || (cancel && cancel->load(std::memory_order_relaxed)) || g.wakes != wakes)
            break;
        g.changed.wait_until(lock, until);
    }
    --g.waiting;
    return true;
}

std::chrono::milliseconds quietPeriod()
{
    Gate& g = gate();
    const std::lock_guard lock(g.mutex);
    return g.quiet;
}

std::chrono::milliseconds maxWait()
{
    Gate& g = gate();
    const std::lock_guard lock(g.mutex);
    return g.maxWait;
}

void setPeriods(std::chrono::milliseconds quiet, std::chrono::milliseconds maxWait)
{
    Gate& g = gate();
    {
        const std::lock_guard lock(g.mutex);
        g.quiet = quiet;
        g.maxWait = maxWait;
        ++g.wakes;
    }
    g.changed.notify_all();
}

void wakeAll()
{
    Gate& g = gate();
    {
        const std::lock_guard lock(g.mutex);
        ++g.wakes;
    }
    g.changed.notify_all();
}

int waiting()
{
    Gate& g = gate();
    const std::lock_guard lock(g.mutex);
    return g.waiting;
}

} // namespace cd::models::interaction
