#pragma once

#include <cstdint>
#include <optional>

namespace cd::rt {

// Exponential backoff between restarts: min(initial * factor^(attempt-1), max)
// milliseconds, then +/- jitterPercent % of that (seeded, deterministic).
struct Backoff {
    std::int64_t initialMs = 1000;
    std::int64_t maxMs = 30000;
    double factor = 2.0;
    double jitterPercent = 0.0;
};

// At most `count` restarts in a window of `withinMs`; a failure strictly more
// than withinMs after the window opened starts a new window.
struct MaxRestarts {
    std::int64_t count = 5;
    std::int64_t withinMs = 60000;
};

enum class SupervisionType { None, OneForOne };

struct SupervisionStrategy {
    SupervisionType type = SupervisionType::None;
    std::optional<Backoff> backoff {}; // none: restart at once
    std::optional<MaxRestarts> maxRestarts {}; // none: restart forever
};

// The supervisor's bookkeeping for one process (the library's Supervisor
// class): whether a failure at a given time is restarted, and after how long.
// It is pure: the caller emits the events and sets the timers.
class RestartPolicy {
public:
    struct Decision {
        bool restart = false;
        std::int64_t attempt = 0; // restarts in the current window, this one included
        std::int64_t delayMs = 0;
        std::int64_t withinMs = 0; // on give-up: time since the window opened
    };

    explicit RestartPolicy(SupervisionStrategy strategy = {}, std::uint64_t seed = 0);

    // Records a failure at nowMs and decides. With type None: never restart.
    Decision onFailure(std::int64_t nowMs);
    // The delay for a given attempt (1-based), jitter applied; advances the PRNG
    // only when there is jitter.
    std::int64_t delayFor(std::int64_t attempt);
    void reset();
    // Restarts granted inside the current intensity window as of nowMs (0
    // once the window has passed, or without a MaxRestarts), for displays
    // like "2 of 5 in 60 s".
    std::int64_t restartsInWindow(std::int64_t nowMs) const;

    const SupervisionStrategy& strategy() const { return m_strategy; }

private:
    double nextUnit(); // uniform in [-1, 1)

    SupervisionStrategy m_strategy;
    std::uint64_t m_prng;
    bool m_windowOpen = false;
    std::int64_t m_windowStart = 0;
    std::int64_t m_windowRestarts = 0;
    std::int64_t m_unboundedRestarts = 0;
};

} // namespace cd::rt
